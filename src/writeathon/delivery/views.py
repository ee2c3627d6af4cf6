"""Staff pages of the outbox: what waits and what failed, held messages, print runs.

Reading needs the `delivery.view_delivery` permission, acting `delivery.change_delivery`.
Every action is a POST with a CSRF token, goes through a service and is logged.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from writeathon.campaigns.selectors import campaign_get_public, campaign_text
from writeathon.core.personal_data import personal_data_access_log
from writeathon.core.staff import staff_page, staff_permission_required, staff_return_url
from writeathon.delivery.forms import (
    DeliverySelectionForm,
    HandInCreateForm,
    HandInDoneForm,
    OutboxFilterForm,
    PrintRunCreateForm,
    PrintRunPostedForm,
)
from writeathon.delivery.hand_ins import (
    hand_in_case_get,
    hand_in_cases,
    hand_in_create,
    hand_in_csv,
    hand_in_get_for_staff,
    hand_in_mark_handed_in,
    hand_in_pdf,
    hand_in_preview,
    hand_in_section_of,
    hand_in_up_to,
    hand_ins_visible,
)
from writeathon.delivery.models import HandIn, PrintPack, PrintRun
from writeathon.delivery.packs import print_pack_languages, print_pack_request
from writeathon.delivery.selectors import (
    RETRYABLE_STATUSES,
    deliveries_visible,
    delivery_attempts,
    delivery_get_for_staff,
    delivery_parts,
    near_limit_attempts,
    outbox_counts,
    outbox_counts_by_channel_and_status,
    outbox_dead_count,
    outbox_deliveries,
    outbox_health,
    print_run_get,
    print_run_waiting_cards,
    print_run_waiting_letters,
    print_runs,
    print_runs_rendering,
    staff_history,
)
from writeathon.delivery.services import (
    deliveries_retry,
    print_run_create,
    print_run_mark_posted,
)
from writeathon.moderation.selectors import moderation_history
from writeathon.sections.access import staff_scope
from writeathon.sections.models import Section

VIEW_PERMISSION = "delivery.view_delivery"
CHANGE_PERMISSION = "delivery.change_delivery"
# Payload fields shown as the message itself; the others are listed beside it.
_MESSAGE_FIELDS = ("subject", "body", "text")


def _bad_request(request: HttpRequest) -> HttpResponse:
    return render(request, "400.html", status=400)


def _print_section(request: HttpRequest) -> Section | None:
    """Whose letters this staff member prints: international staff print every section's
    (None), a section's staff only what their own section's supporters wrote. Staff of no
    section print nothing."""
    scope = staff_scope(request.user)
    if scope.all_sections:
        return None
    if len(scope.section_ids) != 1:
        raise PermissionDenied
    (section_id,) = scope.section_ids
    return Section.objects.get(pk=section_id)


def _user_id(request: HttpRequest) -> int:
    user_id = request.user.pk
    if user_id is None:  # the permission check let no anonymous user through
        raise PermissionDenied
    return int(user_id)


# --- The outbox ----------------------------------------------------------------------------------


@never_cache
@staff_permission_required(VIEW_PERMISSION)
@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    form = OutboxFilterForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    case, target = data.get("case"), data.get("target")
    page = (
        staff_page(
            request,
            outbox_deliveries(
                user=request.user,
                channel=data.get("channel", ""),
                status=data.get("status", ""),
                kind=data.get("kind", ""),
                case=case,
                target=target,
            ),
        )
        if valid
        else None
    )
    # Each row with whether staff may send it on its way again.
    rows = [
        (delivery, delivery.status in RETRYABLE_STATUSES and delivery.bundle_id is None)
        for delivery in (page or [])
    ]
    return render(
        request,
        "delivery/outbox.html",
        {
            "form": form,
            "counts": outbox_counts(user=request.user, case=case, target=target),
            "page": page,
            "rows": rows,
            # Buttons only for staff who may act, and only where there is something to retry.
            "actionable": request.user.has_perm(CHANGE_PERMISSION)
            and any(can_retry for _delivery, can_retry in rows),
            "filtered": any(data.values()),
            "dead_letters": data.get("status") in {"dead", "parked"},
            "dead_count": outbox_dead_count(user=request.user),
            "health": outbox_health(user=request.user),
            "near_limit_attempts": near_limit_attempts(),
            "max_attempts": settings.DELIVERY_MAX_ATTEMPTS,
        },
        status=200 if valid else 400,
    )


@never_cache
@staff_permission_required(CHANGE_PERMISSION)
@require_POST
def outbox_retry(request: HttpRequest) -> HttpResponse:
    form = DeliverySelectionForm(request.POST)
    if not form.is_valid():
        return _bad_request(request)
    back = staff_return_url(request, within=reverse("outbox:list"), fallback=reverse("outbox:list"))
    # Only what this member of staff may see: another section's letters are not theirs to send.
    chosen = list(
        deliveries_visible(request.user)
        .filter(pk__in=form.chosen_ids())
        .values_list("pk", flat=True)
    )
    if not chosen:
        messages.error(request, _("Select at least one delivery to try again."))
        return redirect(back)
    done = deliveries_retry(delivery_ids=chosen, user_id=_user_id(request))
    if done:
        messages.success(
            request,
            ngettext(
                "%(n)d delivery will be tried again now.",
                "%(n)d deliveries will be tried again now.",
                len(done),
            )
            % {"n": len(done)},
        )
    left = len(chosen) - len(done)
    if left:
        messages.info(
            request,
            ngettext(
                "%(n)d delivery had not failed (or was already tried again) and was left as it is.",
                "%(n)d deliveries had not failed (or were already tried again) and were left "
                "as they are.",
                left,
            )
            % {"n": left},
        )
    return redirect(back)


@never_cache
@staff_permission_required(VIEW_PERMISSION)
@require_safe
def delivery_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = delivery_get_for_staff(user=request.user, delivery_id=delivery_id)
    if delivery is None:
        raise Http404("No such delivery.")
    # The letter, its writer and their address are personal data.
    personal_data_access_log(request=request, what="delivery", object_id=delivery.pk)
    payload = delivery.payload if isinstance(delivery.payload, dict) else {}
    if delivery.holds_personal_link:
        # Its email opens the supporter's data or counts their actions: never shown.
        payload = {}
    return render(
        request,
        "delivery/delivery_detail.html",
        {
            "delivery": delivery,
            "personal_link": delivery.holds_personal_link,
            "subject": str(payload.get("subject", "")),
            "text": str(payload.get("body") or payload.get("text") or ""),
            "payload_fields": [
                (key, value) for key, value in payload.items() if key not in _MESSAGE_FIELDS
            ],
            "attempts": delivery_attempts(delivery=delivery),
            "parts": delivery_parts(delivery=delivery),
            "history": staff_history(obj=delivery),
            "moderation": moderation_history(delivery=delivery),
            "retryable": delivery.status in RETRYABLE_STATUSES and delivery.bundle_id is None,
            "can_change": request.user.has_perm(CHANGE_PERMISSION),
        },
    )


# --- Messages of solidarity ----------------------------------------------------------------


@require_safe
def solidarity_queue(request: HttpRequest) -> HttpResponse:
    """The old address of the queue of held messages of solidarity: now one queue for every
    held message, at /staff/moderation/, which checks who may see it."""
    target = reverse("moderation:queue") + "?channel=solidarity"
    case = request.GET.get("case", "")
    if case.isascii() and case.isdigit():
        target += f"&case={case}"
    return redirect(target)


# --- Print runs ----------------------------------------------------------------------------------


@never_cache
@staff_permission_required(VIEW_PERMISSION)
@require_safe
def print_run_list(request: HttpRequest) -> HttpResponse:
    section = _print_section(request)
    return render(
        request,
        "delivery/print_runs.html",
        {
            "section": section,
            "waiting_letters": print_run_waiting_letters(user=request.user),
            "waiting_cards": print_run_waiting_cards(user=request.user),
            "page": staff_page(request, print_runs(user=request.user)),
            "rendering": print_runs_rendering(),
            "can_change": request.user.has_perm(CHANGE_PERMISSION),
            "kinds": PrintRun.Kind,
            "statuses": PrintRun.Status,
        },
    )


@never_cache
@staff_permission_required(CHANGE_PERMISSION)
@require_POST
def print_run_new(request: HttpRequest) -> HttpResponse:
    section = _print_section(request)
    form = PrintRunCreateForm(request.POST)
    if not form.is_valid():
        return _bad_request(request)
    data = form.cleaned_data
    run = print_run_create(
        case=data["case"],
        kind=data["kind"],
        target=data["target"],
        user_id=_user_id(request),
        section=section,
    )
    if run is None:
        messages.info(request, _("Nothing is waiting for this print run any more."))
    else:
        messages.success(
            request,
            ngettext(
                "Print run #%(id)d is being prepared with %(n)d item.",
                "Print run #%(id)d is being prepared with %(n)d items.",
                run.item_count,
            )
            % {"id": run.pk, "n": run.item_count},
        )
    return redirect("outbox:print-runs")


@staff_permission_required(VIEW_PERMISSION)
@require_safe
def print_run_pdf(request: HttpRequest, print_run_id: int) -> FileResponse:
    """The print run's PDF, from private storage, as a download nobody may cache."""
    _print_section(request)
    run = print_run_get(print_run_id=print_run_id, user=request.user)
    if run is None or run.status not in (PrintRun.Status.READY, PrintRun.Status.POSTED):
        raise Http404("No print run ready.")
    if not run.pdf:
        raise Http404("No print run ready.")
    try:
        pdf = run.pdf.open("rb")
    except OSError as exc:
        raise Http404("No print run ready.") from exc
    response = FileResponse(
        pdf, as_attachment=True, filename=f"print-run-{run.pk}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@staff_permission_required(CHANGE_PERMISSION)
@require_http_methods(["GET", "HEAD", "POST"])
def print_run_posted(request: HttpRequest, print_run_id: int) -> HttpResponse:
    """GET asks to confirm, POST with the box ticked marks the run as posted."""
    _print_section(request)
    run = print_run_get(print_run_id=print_run_id, user=request.user)
    if run is None:
        raise Http404("No such print run.")
    if run.status == PrintRun.Status.POSTED:
        messages.info(
            request, _("Print run #%(id)d was already marked as posted.") % {"id": run.pk}
        )
        return redirect("outbox:print-runs")
    if run.status != PrintRun.Status.READY:
        raise Http404("This print run is not ready.")
    form = PrintRunPostedForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request, "delivery/print_run_posted.html", {"run": run, "form": form}, status=400
            )
        if print_run_mark_posted(print_run_id=run.pk, user_id=_user_id(request)):
            messages.success(
                request,
                ngettext(
                    "Print run #%(id)d is posted: its %(n)d item is now delivered.",
                    "Print run #%(id)d is posted: its %(n)d items are now delivered.",
                    run.item_count,
                )
                % {"id": run.pk, "n": run.item_count},
            )
        else:
            messages.info(request, _("This print run can no longer be marked as posted."))
        return redirect("outbox:print-runs")
    return render(request, "delivery/print_run_posted.html", {"run": run, "form": form})


# --- Petitions handed in -------------------------------------------------------------------------

HAND_IN_VIEW = "delivery.view_handin"
HAND_IN_ADD = "delivery.add_handin"
HAND_IN_CHANGE = "delivery.change_handin"


def _hand_in_for(request: HttpRequest, hand_in_id: int) -> HandIn:
    """The hand-in if `request.user` may see it; another section's is not found either."""
    hand_in = hand_in_get_for_staff(user=request.user, hand_in_id=hand_in_id)
    if hand_in is None:
        raise Http404(_("There is no such record among those you may see."))
    return hand_in


@never_cache
@staff_permission_required(HAND_IN_VIEW)
@require_safe
def hand_in_list(request: HttpRequest) -> HttpResponse:
    """The cases whose signatures this staff member may hand in."""
    may, _section_id = hand_in_section_of(user=request.user)
    if not may:
        raise PermissionDenied
    return render(
        request,
        "delivery/hand_ins.html",
        {
            "cases": hand_in_cases(user=request.user),
            "recent": hand_ins_visible(user=request.user)[:20],
        },
    )


@never_cache
@staff_permission_required(HAND_IN_VIEW)
@require_http_methods(["GET", "HEAD", "POST"])
def hand_in_case(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case's hand-ins, and the form that previews (GET) and makes (POST) a new one."""
    may, section_id = hand_in_section_of(user=request.user)
    if not may:
        raise PermissionDenied
    case = hand_in_case_get(case_id=case_id)
    if case is None:
        raise Http404(_("There is no such case."))
    can_add = request.user.has_perm(HAND_IN_ADD)
    asked = request.POST if request.method == "POST" else (request.GET or None)
    form = HandInCreateForm(asked, case=case)
    preview: int | None = None
    status = 200
    if asked is not None:
        if form.is_valid():
            up_to = hand_in_up_to(form.cleaned_data["up_to"])
            if request.method == "POST":
                if not can_add:
                    raise PermissionDenied
                hand_in = hand_in_create(
                    case=case,
                    target=form.cleaned_data["target"],
                    section_id=section_id,
                    up_to=up_to,
                    user_id=_user_id(request),
                )
                messages.success(
                    request,
                    ngettext(
                        "Hand-in #%(id)d is ready with %(n)d signature.",
                        "Hand-in #%(id)d is ready with %(n)d signatures.",
                        hand_in.count,
                    )
                    % {"id": hand_in.pk, "n": hand_in.count},
                )
                return redirect("outbox:hand-in-case", case_id=case.pk)
            preview = hand_in_preview(case=case, section_id=section_id, up_to=up_to)
        else:
            status = 400
    return render(
        request,
        "delivery/hand_in_case.html",
        {
            "case": case,
            "form": form,
            "preview": preview,
            "can_add": can_add,
            "can_change": request.user.has_perm(HAND_IN_CHANGE),
            "hand_ins": hand_ins_visible(user=request.user).filter(case=case),
            "all_sections": section_id is None,
        },
        status=status,
    )


@staff_permission_required(HAND_IN_VIEW)
@require_safe
def hand_in_pdf_download(request: HttpRequest, hand_in_id: int) -> HttpResponse:
    hand_in = _hand_in_for(request, hand_in_id)
    pdf = hand_in_pdf(hand_in=hand_in)
    personal_data_access_log(request=request, what="hand-in PDF", object_id=hand_in.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hand-in-{hand_in.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_permission_required(HAND_IN_VIEW)
@require_safe
def hand_in_csv_download(request: HttpRequest, hand_in_id: int) -> HttpResponse:
    hand_in = _hand_in_for(request, hand_in_id)
    content = hand_in_csv(hand_in=hand_in)
    personal_data_access_log(
        request=request, what="hand-in CSV", object_id=hand_in.pk, reason=f"{hand_in.count} rows"
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hand-in-{hand_in.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@staff_permission_required(HAND_IN_CHANGE)
@require_http_methods(["GET", "HEAD", "POST"])
def hand_in_done(request: HttpRequest, hand_in_id: int) -> HttpResponse:
    """GET asks for the day, POST marks the petition handed in and has its signers told."""
    hand_in = _hand_in_for(request, hand_in_id)
    if hand_in.is_handed_in:
        messages.info(
            request, _("Hand-in #%(id)d was already marked as handed in.") % {"id": hand_in.pk}
        )
        return redirect("outbox:hand-in-case", case_id=hand_in.case_id)
    form = HandInDoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(
                request,
                "delivery/hand_in_done.html",
                {"hand_in": hand_in, "form": form},
                status=400,
            )
        if hand_in_mark_handed_in(
            hand_in_id=hand_in.pk, on=form.cleaned_data["handed_in_on"], user_id=_user_id(request)
        ):
            messages.success(
                request,
                _("Hand-in #%(id)d is marked as handed in: its signers are being told.")
                % {"id": hand_in.pk},
            )
        return redirect("outbox:hand-in-case", case_id=hand_in.case_id)
    return render(request, "delivery/hand_in_done.html", {"hand_in": hand_in, "form": form})


# --- Metrics for operators -------------------------------------------------------------------

_METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _metrics_token_ok(request: HttpRequest, token: str) -> bool:
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    # Compared in constant time, so that the answer's timing tells nothing about the token.
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def _metric(lines: list[str], name: str, help_text: str, samples: list[tuple[str, float]]) -> None:
    lines.append(f"# HELP {name} {help_text}")
    lines.append(f"# TYPE {name} gauge")
    for labels, value in samples:
        number = f"{value:g}" if isinstance(value, float) else str(value)
        lines.append(f"{name}{labels} {number}")


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """The outbox's numbers in the Prometheus text format, for the operators' monitoring:
    open to the bearer of METRICS_TOKEN (no staff session needed), absent without one."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404("No metrics here.")
    if not _metrics_token_ok(request, token):
        response = HttpResponse(
            _("A bearer token is needed."), status=401, content_type="text/plain"
        )
        response["WWW-Authenticate"] = "Bearer"
        return response
    health = outbox_health(user=None)
    lines: list[str] = []
    _metric(
        lines,
        "writeathon_outbox_deliveries",
        "Deliveries in the outbox by channel and status.",
        [
            (f'{{channel="{channel}",status="{status}"}}', count)
            for channel, status, count in outbox_counts_by_channel_and_status()
        ],
    )
    _metric(
        lines,
        "writeathon_outbox_oldest_due_seconds",
        "Seconds the oldest delivery that is due has waited to be sent (0: none waits).",
        [("", round(health.oldest_due_seconds, 3))],
    )
    _metric(
        lines,
        "writeathon_outbox_leases_expired",
        "Deliveries whose worker stopped while sending them and whose claim has run out.",
        [("", health.leases_expired)],
    )
    _metric(
        lines,
        "writeathon_outbox_near_attempt_limit",
        "Failed deliveries with two tries or fewer left before they are dead.",
        [("", health.near_limit)],
    )
    _metric(
        lines,
        "writeathon_outbox_parked",
        "Deliveries parked for staff after their workers kept stopping while holding them.",
        [("", health.parked)],
    )
    _metric(
        lines,
        "writeathon_outbox_dead_last_hour",
        "Deliveries that died (failed for good) since the start of this hour.",
        [("", health.dead_last_hour)],
    )
    _metric(
        lines,
        "writeathon_outbox_dead_last_24_hours",
        "Deliveries that died (failed for good) in this hour and the 23 before it.",
        [("", health.dead_last_24_hours)],
    )
    _metric(
        lines,
        "writeathon_confirmations_refused_last_24_hours",
        "Confirmation emails the mail server refused for good in the last 24 hours.",
        [("", health.confirmations_refused)],
    )
    return HttpResponse("\n".join(lines) + "\n", content_type=_METRICS_CONTENT_TYPE)


# --- Print packs for write-a-thons (public) ----------------------------------------------------

# While a pack is being prepared its page reloads itself this often (no JavaScript needed).
PRINT_PACK_REFRESH_SECONDS = 3


def _pack_languages(campaign_slug: str) -> list[dict[str, str]]:
    return [
        {
            "code": code,
            "name": str(get_language_info(code)["name_local"]),
            "url": reverse(
                "print-pack-status", kwargs={"campaign_slug": campaign_slug, "language": code}
            ),
        }
        for code in print_pack_languages()
    ]


def _print_pack_choice(
    request: HttpRequest, campaign_slug: str, *, error: str = "", status: int = 200
) -> HttpResponse:
    campaign = campaign_get_public(slug=campaign_slug)
    text = campaign_text(campaign=campaign, language=request.LANGUAGE_CODE)
    return render(
        request,
        "delivery/print_pack.html",
        {
            "campaign": campaign,
            "campaign_title": text.title if text else campaign.name,
            "pack_languages": _pack_languages(campaign_slug),
            "pack": None,
            "error": error,
        },
        status=status,
    )


@require_safe
def print_pack_choose(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    """Choose the language of a campaign's print pack."""
    return _print_pack_choice(request, campaign_slug)


def _pack_for(campaign_slug: str, language: str) -> PrintPack | None:
    """The current pack of a public campaign (its build queued if need be); None in a
    language there is no pack in."""
    campaign = campaign_get_public(slug=campaign_slug)
    if language not in print_pack_languages():
        return None
    return print_pack_request(campaign=campaign, language=language)


def _no_such_language(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    return _print_pack_choice(
        request,
        campaign_slug,
        error=_("There is no print pack in this language."),
        status=404,
    )


@never_cache
@require_safe
def print_pack_status(request: HttpRequest, campaign_slug: str, language: str) -> HttpResponse:
    """The pack in one language: its progress while it is prepared (the page reloads
    itself), then the link to download it."""
    pack = _pack_for(campaign_slug, language)
    if pack is None:
        return _no_such_language(request, campaign_slug)
    text = campaign_text(campaign=pack.campaign, language=request.LANGUAGE_CODE)
    building = pack.status in (PrintPack.Status.QUEUED, PrintPack.Status.BUILDING)
    # Reloading can be turned off (WCAG 2.2.1): then the visitor reloads when they like.
    reloading = building and request.GET.get("reload") != "off"
    return render(
        request,
        "delivery/print_pack.html",
        {
            "campaign": pack.campaign,
            "campaign_title": text.title if text else pack.campaign.name,
            "pack_languages": _pack_languages(campaign_slug),
            "pack": pack,
            "pack_language": next(
                item for item in _pack_languages(campaign_slug) if item["code"] == language
            ),
            "building": building,
            "refresh_seconds": PRINT_PACK_REFRESH_SECONDS if reloading else None,
            "download_url": reverse(
                "print-pack-pdf", kwargs={"campaign_slug": campaign_slug, "language": language}
            ),
        },
    )


@require_safe
def print_pack_pdf(request: HttpRequest, campaign_slug: str, language: str) -> HttpResponseBase:
    """The current pack's PDF; while it is prepared, its page with the progress."""
    pack = _pack_for(campaign_slug, language)
    if pack is None:
        return _no_such_language(request, campaign_slug)
    status_url = reverse(
        "print-pack-status", kwargs={"campaign_slug": campaign_slug, "language": language}
    )
    if pack.status != PrintPack.Status.READY or not pack.file:
        return redirect(status_url)
    try:
        pdf = pack.file.open("rb")
    except OSError:
        return redirect(status_url)
    return FileResponse(
        pdf,
        as_attachment=True,
        filename=f"print-pack-{campaign_slug}-{language}.pdf",
        content_type="application/pdf",
    )
