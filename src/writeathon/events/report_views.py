"""Pages of the report-back (for the event's host; staff of its section read them too), the
paper sign-up sheet and its confirmation link, and the staff pages for held reports and
tally imports. Staff pages are section-scoped (writeathon.sections.access)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from writeathon.core.staff import staff_permission_required
from writeathon.events.models import Event, Host
from writeathon.events.report_forms import (
    EventReportForm,
    ReportRulesForm,
    ReviewForm,
    SignupSheetFormSet,
    TallyUploadForm,
)
from writeathon.events.report_models import EventReport, TallyImport
from writeathon.events.report_selectors import (
    EVENT_CHANNELS,
    actions_per_attendee_hour,
    event_cases,
    event_history,
    event_line_counts,
    event_lines,
    event_report_for_staff,
    held_event_reports,
    report_deadline,
    tally_import_earlier,
    tally_imports_visible,
)
from writeathon.events.reports import (
    event_signup_confirm,
    event_signups_add,
    report_rules_set,
    signup_for_token,
)
from writeathon.events.views import signed_in_host
from writeathon.sections.access import scope_allows, staff_scope
from writeathon.supporters.consents import CONSENT_TEXT, CONSENT_VERSION
from writeathon.usecases.event_reports import (
    ReportNotAccepted,
    event_report_check_open,
    event_report_review,
    event_report_submit,
    tally_import_check,
    tally_import_start,
)

REVIEW_PERMISSION = "events.review_reports"
IMPORT_PERMISSION = "events.import_tallies"
# More people than this on one event's paper sheet is not a sheet.
MAX_SIGNUPS_PER_EVENT = 500


def host_for_request(request: HttpRequest) -> Host | None:
    """The host signed in in this browser (by their email link), if any."""
    return signed_in_host(request)


def _event_for_reader(request: HttpRequest, public_id: uuid.UUID) -> tuple[Event, bool]:
    """The event and whether the reader is its host; staff of its section may read it.
    Anyone else gets a 404, as for an event that does not exist."""
    event = get_object_or_404(
        Event.objects.select_related("host", "campaign", "section"), public_id=public_id
    )
    host = host_for_request(request)
    if host is not None and host.pk == event.host_id:
        return event, True
    user = request.user
    if (
        user.is_authenticated
        and user.has_perm(REVIEW_PERMISSION)
        and scope_allows(user, event, section_path="section")
    ):
        return event, False
    raise Http404("No such event.")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event, is_host = _event_for_reader(request, public_id)
    cases = event_cases(event)
    form = EventReportForm(
        request.POST if request.method == "POST" else None,
        cases=cases,
        channels=EVENT_CHANNELS,
        initial_counts=event_line_counts(event),
        initial={"attendees": getattr(getattr(event, "report", None), "attendees", None)},
    )
    closed = ""
    try:
        event_report_check_open(event, now=timezone.now())
    except ReportNotAccepted as exc:
        closed = str(exc)
    status = 200
    if request.method == "POST":
        if not is_host:
            raise PermissionDenied
        if closed:
            form.add_error(None, closed)
            status = 400
        elif form.is_valid():
            try:
                outcome = event_report_submit(
                    event=event,
                    attendees=form.cleaned_data["attendees"],
                    counts=form.counts(),
                )
            except ReportNotAccepted as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                if outcome.held:
                    messages.warning(
                        request,
                        _(
                            "Thank you. Your report is more than we expected for the time and "
                            "the number of people, so staff will look at it before it counts."
                        ),
                    )
                else:
                    messages.success(request, _("Thank you: your report counts now."))
                return redirect("event_reports:report", public_id=event.public_id)
        else:
            status = 400
    event_report = EventReport.objects.filter(event=event).first()
    return render(
        request,
        "events/report_form.html",
        {
            "event": event,
            "form": form,
            "is_host": is_host,
            "closed": closed,
            "event_report": event_report,
            "lines": event_lines(event).order_by("case__position", "channel"),
            "history": event_history(event),
            "deadline": report_deadline(event.campaign),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_sheet(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event, is_host = _event_for_reader(request, public_id)
    if not is_host:
        raise Http404("No such event.")
    formset = SignupSheetFormSet(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if formset.is_valid():
            people = [p for p in (f.person() for f in formset.forms) if p is not None]
            if event.signups.count() + len(people) > MAX_SIGNUPS_PER_EVENT:
                # A host cannot turn the sheet into a way to email any number of addresses.
                formset.forms[0].add_error(
                    None,
                    _("An event's sheet holds at most %(max)s people.")
                    % {"max": MAX_SIGNUPS_PER_EVENT},
                )
            elif people:
                added, repeated = event_signups_add(
                    event=event,
                    people=people,
                    consent_text=str(CONSENT_TEXT),
                    consent_version=CONSENT_VERSION,
                    language=get_language() or event.host.language,
                    base_url=request.build_absolute_uri("/").rstrip("/"),
                )
                messages.success(
                    request,
                    _(
                        "Added: %(added)s. Already on the list: %(repeated)s. Each person "
                        "added gets an email and joins the mailing list only if they confirm."
                    )
                    % {"added": added, "repeated": repeated},
                )
                return redirect("event_reports:signup-sheet", public_id=event.public_id)
            formset.forms[0].add_error(None, _("The sheet is empty: type at least one person."))
        status = 400
    return render(
        request,
        "events/report_signups.html",
        {"event": event, "formset": formset, "signups": event.signups.all()},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    signup = signup_for_token(token=token)
    if signup is None:
        return render(request, "events/report_signup_invalid.html", status=404)
    done = False
    if request.method == "POST":
        event_signup_confirm(signup=signup)
        done = True
    return render(
        request,
        "events/report_signup_confirm.html",
        {"signup": signup, "done": done or signup.status == signup.Status.CONFIRMED},
    )


# --- Staff: held reports ----------------------------------------------------------------------


@never_cache
@staff_permission_required(REVIEW_PERMISSION)
@require_safe
def held_reports(request: HttpRequest) -> HttpResponse:
    reports = list(held_event_reports(user=request.user))
    for item in reports:
        item.lines = list(event_lines(item.event).order_by("case__position", "channel"))  # type: ignore[attr-defined]
    rules_form = None
    if staff_scope(request.user).all_sections:
        campaigns = {r.event.campaign for r in reports}
        rules_form = ReportRulesForm()
        rules = {c: actions_per_attendee_hour(c) for c in campaigns}
    else:
        rules = {}
    return render(
        request,
        "staff/tallies_held.html",
        {"reports": reports, "rules_form": rules_form, "rules": rules},
    )


@staff_permission_required(REVIEW_PERMISSION)
@require_POST
def held_review(request: HttpRequest, report_id: int) -> HttpResponse:
    item = event_report_for_staff(user=request.user, report_id=report_id)
    if item is None:
        raise Http404("No such report.")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("event_reports:held")
    approve = form.cleaned_data["decision"] == "approve"
    event_report_review(
        report=item, approve=approve, reason=form.cleaned_data["reason"], user=request.user
    )
    messages.success(
        request, _("Report approved: it counts now.") if approve else _("Report refused.")
    )
    return redirect("event_reports:held")


@staff_permission_required(REVIEW_PERMISSION)
@require_POST
def rules_set(request: HttpRequest) -> HttpResponse:
    if not staff_scope(request.user).all_sections:
        raise PermissionDenied
    form = ReportRulesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a campaign and a ratio between 1 and 1000."))
        return redirect("event_reports:held")
    report_rules_set(
        campaign_id=form.cleaned_data["campaign"].pk,
        ratio=form.cleaned_data["ratio"],
        user=request.user,
    )
    messages.success(request, _("The ratio is saved; it applies to reports from now on."))
    return redirect("event_reports:held")


# --- Staff: tally imports ---------------------------------------------------------------------


@never_cache
@staff_permission_required(IMPORT_PERMISSION)
@require_http_methods(["GET", "HEAD", "POST"])
def tallies(request: HttpRequest) -> HttpResponse:
    if staff_scope(request.user).is_empty:
        raise PermissionDenied
    form = TallyUploadForm(request.POST or None, request.FILES or None, initial={"campaign": None})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            checked = tally_import_check(
                campaign=form.cleaned_data["campaign"],
                name=upload.name or "tallies.csv",
                content=upload.read(),
                user=request.user,
            )
            return redirect("event_reports:tally-import", public_id=checked.public_id)
        status = 400
    return render(
        request,
        "staff/tallies_index.html",
        {"form": form, "imports": tally_imports_visible(user=request.user)[:20]},
        status=status,
    )


def _visible_import(request: HttpRequest, public_id: uuid.UUID) -> TallyImport:
    found = tally_imports_visible(user=request.user).filter(public_id=public_id).first()
    if found is None:
        raise Http404("No such import.")
    return found


@never_cache
@staff_permission_required(IMPORT_PERMISSION)
@require_safe
def tally_import(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    item = _visible_import(request, public_id)
    running = item.status in (TallyImport.Status.QUEUED, TallyImport.Status.RUNNING)
    return render(
        request,
        "staff/tallies_import.html",
        {
            "item": item,
            "running": running,
            "preview": item.rows[:50],
            "earlier": tally_import_earlier(item),
            "start_url": reverse("event_reports:tally-import-start", args=[item.public_id]),
        },
        status=400 if item.errors else 200,
    )


@staff_permission_required(IMPORT_PERMISSION)
@require_POST
def tally_import_begin(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    item = _visible_import(request, public_id)
    if not tally_import_start(tally_import=item):
        messages.error(request, _("This file cannot be imported: see its errors or its state."))
    return redirect("event_reports:tally-import", public_id=item.public_id)
