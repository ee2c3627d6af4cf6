"""A supporter's own data, reached by a link sent by email: see it, download it, stop all
email, erase it. And the unsubscribe link that every email to a supporter carries."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from writeathon.abuse.guard import public_post_email_check, public_post_guard, public_post_refused
from writeathon.actions.forms import CONSENT_TEXT, CONSENT_VERSION
from writeathon.actions.models import Action
from writeathon.campaigns.views import site_url
from writeathon.supporters.forms import DataLinkForm, EmailAgainForm, EraseForm
from writeathon.supporters.links import (
    DATA_LINK_MAX_AGE_SECONDS,
    SupporterLinkError,
    data_link_token_check,
    unsubscribe_token_check,
)
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import BROWSER_COOKIE, supporter_email_resume
from writeathon.usecases.data_export import supporter_data, supporter_data_csv
from writeathon.usecases.privacy import data_link_request, supporter_email_stop, supporter_erase

DataView = Callable[[HttpRequest, Supporter, str], HttpResponse]


def _link_invalid(request: HttpRequest, *, expired: bool, kind: str) -> HttpResponse:
    return render(
        request, "supporters/link_invalid.html", {"expired": expired, "kind": kind}, status=400
    )


@require_http_methods(["GET", "HEAD", "POST"])
@public_post_guard
def manage(request: HttpRequest) -> HttpResponse:
    """Manage my data: asks for an address and emails its owner a link.

    Every valid address gets the same answer, known or not: the page must not tell
    strangers who supports the campaign.
    """
    if request.method != "POST":
        return render(request, "supporters/manage.html", {"form": DataLinkForm()})
    form = DataLinkForm(request.POST)
    if not form.is_valid():
        if form.guard_refusal:
            public_post_refused(request)
        return render(request, "supporters/manage.html", {"form": form}, status=400)
    # Each request emails the address: limited per address, so no one can flood a mailbox.
    refusal = public_post_email_check(request, email=form.cleaned_data["email"], form="manage")
    if refusal is not None:
        return refusal
    data_link_request(
        email=form.cleaned_data["email"],
        base_url=site_url(request),
        language=get_language() or "en",
    )
    return redirect("supporters:manage-sent")


@require_safe
def manage_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "supporters/manage_sent.html", {"valid_hours": DATA_LINK_MAX_AGE_SECONDS // 3600}
    )


def _data_link(view: DataView) -> Callable[[HttpRequest, str], HttpResponse]:
    """Opens a view with the supporter of a valid data link, or a page saying why not.

    Pages behind the link hold personal data: no cache may keep them.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, token: str) -> HttpResponse:
        try:
            supporter = data_link_token_check(token=token)
        except SupporterLinkError as exc:
            return _link_invalid(request, expired=exc.expired, kind="data")
        return view(request, supporter, token)

    return never_cache(wrapped)


def _data_page(
    request: HttpRequest,
    supporter: Supporter,
    token: str,
    *,
    erase_form: EraseForm | None = None,
    email_again_form: EmailAgainForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = (
        Action.objects.filter(supporter=supporter)
        .select_related("case")
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "supporters/data.html",
        {
            "supporter": supporter,
            "token": token,
            "actions": actions,
            "consents": supporter.consents.filter(withdrawn_at__isnull=True).count(),
            "erase_form": erase_form or EraseForm(),
            "email_again_form": email_again_form or EmailAgainForm(consent_text=CONSENT_TEXT),
        },
        status=status,
    )


@require_safe
@_data_link
def data_page(request: HttpRequest, supporter: Supporter, token: str) -> HttpResponse:
    return _data_page(request, supporter, token)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@_data_link
def data_json(request: HttpRequest, supporter: Supporter, token: str) -> HttpResponse:
    content = json.dumps(supporter_data(supporter=supporter), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    return _attachment(response, "writeathon-my-data.json")


@require_safe
@_data_link
def data_csv(request: HttpRequest, supporter: Supporter, token: str) -> HttpResponse:
    content = supporter_data_csv(supporter_data(supporter=supporter))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    return _attachment(response, "writeathon-my-data.csv")


@require_POST
@_data_link
def data_stop_email(request: HttpRequest, supporter: Supporter, token: str) -> HttpResponse:
    supporter_email_stop(supporter_id=supporter.pk)
    messages.success(
        request, _("Done: we will send you no more email, and your consents are withdrawn.")
    )
    return redirect("supporters:data", token=token)


@require_POST
@_data_link
def data_email_again(request: HttpRequest, supporter: Supporter, token: str) -> HttpResponse:
    """A supporter who stopped all email starts it again, agreeing to the consent's words."""
    if supporter.email_stopped_at is None:
        return redirect("supporters:data", token=token)  # on already: nothing to start
    form = EmailAgainForm(request.POST, consent_text=CONSENT_TEXT)
    if not form.is_valid():
        return _data_page(request, supporter, token, email_again_form=form, status=400)
    supporter_email_resume(
        supporter_id=supporter.pk,
        text=str(CONSENT_TEXT),
        version=CONSENT_VERSION,
        form="data-page-email-again",
        language=get_language() or supporter.language,
    )
    messages.success(request, _("Done: we will email you again about the campaign."))
    return redirect("supporters:data", token=token)


@require_POST
@_data_link
def data_erase(request: HttpRequest, supporter: Supporter, token: str) -> HttpResponse:
    form = EraseForm(request.POST)
    if not form.is_valid():
        return _data_page(request, supporter, token, erase_form=form, status=400)
    supporter_erase(supporter_id=supporter.pk)
    response = render(request, "supporters/erased.html")
    # The browser's proof of ownership points to nobody now.
    response.delete_cookie(BROWSER_COOKIE, samesite="Lax")
    return response


@csrf_exempt  # RFC 8058: mail programs POST here without a page, so without a CSRF token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners stop nothing); POST stops all email at once.

    The POST is also RFC 8058's one-click unsubscribe ("List-Unsubscribe=One-Click"), sent
    by mail programs from their own "Unsubscribe" button. The link is the only secret it
    needs, and all it can do is stop email: no CSRF token is asked for.
    """
    try:
        supporter = unsubscribe_token_check(token=token)
    except SupporterLinkError as exc:
        return _link_invalid(request, expired=exc.expired, kind="unsubscribe")
    if request.method != "POST":
        return render(
            request, "supporters/unsubscribe.html", {"token": token, "supporter": supporter}
        )
    supporter_email_stop(supporter_id=supporter.pk)
    return render(request, "supporters/unsubscribed.html")
