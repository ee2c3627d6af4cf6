"""Taking action: submitting a form, confirming an address, the thank-you page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from writeathon.abuse.guard import (
    public_post_email_check,
    public_post_guard,
    public_post_refused,
)
from writeathon.actions.forms import CONSENT_TEXT, CONSENT_VERSION, ActForm
from writeathon.actions.models import Action
from writeathon.actions.selectors import action_next_case
from writeathon.campaigns.models import Case
from writeathon.campaigns.selectors import case_appeal, case_get_public, case_next_after
from writeathon.campaigns.views import (
    COUNTRY_COOKIE,
    COUNTRY_COOKIE_MAX_AGE,
    case_page_context,
    case_ways_to_act,
    site_url,
)
from writeathon.delivery.selectors import action_deliveries
from writeathon.moderation.screening import Verdict, screen_message, source_of_request
from writeathon.reporting.selectors import counter_snapshot
from writeathon.supporters.services import (
    BROWSER_COOKIE,
    BROWSER_COOKIE_MAX_AGE,
    ConfirmationLinkError,
    browser_supporter_id,
    browser_token_make,
    confirmation_token_check,
)
from writeathon.usecases.intake import (
    ConsentGiven,
    WayChosen,
    action_confirmation_resend,
    actions_submit,
    supporter_confirm,
)


def _base_url(request: HttpRequest) -> str:
    return site_url(request)


def _form_refused(request: HttpRequest, case: Case, form: ActForm) -> HttpResponse:
    """The case page again, with what was typed and the errors beside their fields."""
    case_url = _base_url(request) + case.get_absolute_url()
    context = case_page_context(case, bound=form, case_url=case_url)
    response = render(request, "campaigns/case.html", context, status=400)
    patch_cache_control(response, private=True, no_store=True)  # it holds what was typed
    return response


@require_POST
@public_post_guard
def case_act(request: HttpRequest, campaign_slug: str, case_slug: str) -> HttpResponse:
    """The one form of a case page: the supporter once, and every way to act they chose."""
    case = case_get_public(campaign_slug=campaign_slug, case_slug=case_slug)
    campaign = case.campaign
    offered = case_ways_to_act(case)
    if any(channel not in offered for channel in request.POST.getlist("ways")):
        # A fax needs an official with a fax number, a posted letter an address, and so on.
        raise Http404("No such way to act.")
    if not campaign.is_open:
        return render(
            request, "actions/closed.html", {"campaign": campaign, "case": case}, status=403
        )
    form = ActForm(request.POST, offered=offered)
    if not form.is_valid():
        if form.guard_refusal:
            public_post_refused(request)
        return _form_refused(request, case, form)
    data = form.cleaned_data
    refusal = public_post_email_check(request, email=data["email"], form="act")
    if refusal is not None:
        return refusal
    language = get_language() or campaign.default_language
    chosen: list[WayChosen] = []
    for way_form in form.chosen_forms():
        way = way_form.cleaned_data
        screening = None
        if "body" in way_form.fields:
            screening = screen_message(
                text=way.get("body", ""),
                subject=way.get("subject", ""),
                channel=way_form.channel,
                language=language,
                case=case,
                source=source_of_request(request),
            )
            if screening.verdict == Verdict.REJECT:
                # Shown with the message for the writer to change; nothing is stored.
                for reason in screening.reasons:
                    if reason.rejects:
                        field = reason.field if reason.field in way_form.fields else "body"
                        way_form.add_error(field, reason.message)
        chosen.append(
            WayChosen(
                channel=way_form.channel,
                subject=way.get("subject", ""),
                body=way.get("body", ""),
                copy_to_supporter=way.get("copy_to_supporter", False),
                hide_email=way.get("hide_email", False),
                screening=screening,
            )
        )
    if form.has_any_errors():
        return _form_refused(request, case, form)
    results = actions_submit(
        case=case,
        ways=chosen,
        email=data["email"],
        name=data["name"],
        country=data["country"],
        language=language,
        base_url=_base_url(request),
        browser_owner_id=browser_supporter_id(token=request.COOKIES.get(BROWSER_COOKIE, "")),
        consent=(
            ConsentGiven(text=str(CONSENT_TEXT), version=CONSENT_VERSION, form="case")
            if data["consent"]
            else None
        ),
    )
    # Only the browser of the address's owner hears that this was a repeat: to anyone else
    # the answer must not tell what an email address has done.
    if any(not result.created for result in results) and _is_owner(request, results[0].action):
        messages.info(
            request,
            _("You have already taken this action for %(name)s. Thank you: it counts once.")
            % {"name": case.name},
        )
    response = redirect("actions:thanks", public_id=results[0].action.public_id)
    # A country given here is a signal for the next case page in this browser.
    response.set_cookie(
        COUNTRY_COOKIE,
        data["country"],
        max_age=COUNTRY_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _is_owner(request: HttpRequest, action: Action) -> bool:
    """Whether this browser belongs to the action's supporter (they confirmed here)."""
    if action.supporter_id is None:
        return False
    token = request.COOKIES.get(BROWSER_COOKIE, "")
    return browser_supporter_id(token=token) == action.supporter_id


def thanks(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """What happens next. Only the owner's browser is told the action's state: anyone
    can type any address into a form, and the page must not reveal what it has done."""
    action = get_object_or_404(
        Action.objects.select_related("case", "campaign"), public_id=public_id
    )
    language = get_language() or "en"
    case_url = _base_url(request) + action.case.get_absolute_url()
    appeal = case_appeal(case=action.case, language=language)
    is_owner = _is_owner(request, action)
    next_case = action_next_case(action=action) if is_owner else case_next_after(case=action.case)
    return render(
        request,
        "actions/thanks.html",
        {
            "action": action,
            "is_owner": is_owner,
            # Where each letter stands is the owner's business only.
            "deliveries": action_deliveries(action=action) if is_owner else [],
            "case": action.case,
            "campaign": action.campaign,
            "appeal": appeal,
            "share_url": case_url,
            "share_text": appeal.short_text if appeal else action.case.name,
            "next_case": next_case,
            "next_appeal": case_appeal(case=next_case, language=language) if next_case else None,
            "counter": counter_snapshot(campaign=action.campaign),
            "mail_kept_in_files": settings.MODE == "demo"
            and settings.EMAIL_BACKEND.endswith("EmlFileBackend"),
        },
    )


@require_POST
@public_post_guard
def thanks_resend(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The "send the link again" button of the thank-you page."""
    action = get_object_or_404(Action.objects.select_related("supporter"), public_id=public_id)
    if action.supporter is not None and action.supporter.email:
        refusal = public_post_email_check(request, email=action.supporter.email, form="resend")
        if refusal is not None:
            return refusal
    sent = action_confirmation_resend(action=action, base_url=_base_url(request))
    if not _is_owner(request, action):
        messages.info(
            request,
            _(
                "If this address still needs confirming, a link is on its way. One email "
                "at most is sent every few minutes."
            ),
        )
    elif action.is_confirmed:
        messages.info(request, _("Your action is already confirmed and counted."))
    elif sent:
        messages.success(request, _("We have sent the link again. Please check your inbox."))
    else:
        messages.info(
            request,
            _(
                "We sent you a link a few minutes ago. Please check your inbox and your spam "
                "folder before asking for another."
            ),
        )
    return redirect("actions:thanks", public_id=action.public_id)


def _confirm_refused(request: HttpRequest, error: ConfirmationLinkError) -> HttpResponse:
    if error.spent:
        # Used once: it says so, and gives whoever holds it now nothing more.
        return render(request, "actions/confirm_spent.html")
    return render(request, "actions/confirm_invalid.html", {"expired": error.expired}, status=400)


@require_http_methods(["GET", "POST"])
@public_post_guard
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET lists what the link confirms, POST confirms: link scanners confirm nothing.

    The owner sees every action waiting for their address and keeps the ones they took;
    the others, taken by someone else with their address, are declined.
    """
    try:
        supporter = confirmation_token_check(token=token)
    except ConfirmationLinkError as exc:
        return _confirm_refused(request, exc)
    waiting = list(
        Action.objects.filter(supporter=supporter, status=Action.Status.PENDING)
        .select_related("case")
        .order_by("created_at", "pk")
    )
    if request.method == "GET":
        return render(
            request,
            "actions/confirm.html",
            {"token": token, "supporter": supporter, "waiting": waiting},
        )
    if supporter.email:
        refusal = public_post_email_check(request, email=supporter.email, form="confirm")
        if refusal is not None:
            return refusal
    kept: list[int] | None = None
    if "reviewed" in request.POST:
        chosen = set(request.POST.getlist("action"))
        kept = [action.pk for action in waiting if str(action.public_id) in chosen]
    try:
        counted = supporter_confirm(supporter=supporter, action_ids=kept, link_token=token)
    except ConfirmationLinkError as exc:  # used a moment ago (a double click)
        return _confirm_refused(request, exc)
    latest = (
        Action.objects.filter(supporter=supporter, status=Action.Status.CONFIRMED)
        .select_related("case", "campaign")
        .first()
    )
    response = render(
        request,
        "actions/confirmed.html",
        {
            "counted": counted,
            "action": latest,
            "campaign": latest.campaign if latest else None,
            "next_case": action_next_case(action=latest) if latest else None,
        },
    )
    # From now on this browser may see what this address has done.
    response.set_cookie(
        BROWSER_COOKIE,
        browser_token_make(supporter=supporter),
        max_age=BROWSER_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
