"""Answers while the database is away: 503 with Retry-After, never the generic error page.

A public form sent during an outage comes back with what the supporter typed, in hidden
fields of a form that posts to the same address with a fresh CSRF token: one press sends it
again once the database is back. The page needs no database, and nothing typed is logged.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait: a restarting database is usually back within this.
RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)
# Forms whose fields are not handed back: staff sign-in and pages, partners' requests.
_NOT_PUBLIC = ("/admin/", "/staff/", "/webhooks/", "/api/")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _is_public_form_post(request: HttpRequest) -> bool:
    return (
        request.method == "POST"
        and request.content_type in _FORM_TYPES
        and not request.path.startswith(_NOT_PUBLIC)
    )


def _kept_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """What was posted, field by field, but the CSRF token (the page carries a fresh one)."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken" and "password" not in name.lower()
        for value in values
    ]


def database_outage_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer to a request that met a database outage."""
    response: HttpResponse
    if request.path.startswith(("/webhooks/", "/api/")) or request.content_type == (
        "application/json"
    ):
        response = JsonResponse(
            {"error": _("The service is unavailable for a moment. Please try again.")},
            status=503,
        )
    else:
        resend = _is_public_form_post(request)
        context = {
            "resend": resend,
            "fields": _kept_fields(request) if resend else [],
            "action": request.get_full_path(),
            # The page must not read the database: no messages (they may live in the
            # session), and the language picker returns to the home page.
            "messages": [],
            "page_url": request.get_full_path() if request.method == "GET" else "/",
        }
        response = render(request, "core/unavailable.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True)  # it holds what the supporter typed
    return response


class DatabaseOutageMiddleware:
    """Turns a view's database outage (OperationalError, InterfaceError) into a 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        match = request.resolver_match
        # The route's name only: paths can carry tokens, and the form holds personal data.
        logger.warning(
            "Database unavailable: %s %s answered 503 (%s)",
            request.method,
            match.view_name if match is not None else "-",
            type(exception).__name__,
        )
        return database_outage_response(request)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """The 500 handler: a database outage met outside a view (a session read by a
    middleware) still gets the 503 page; anything else gets the generic error page."""
    if isinstance(sys.exception(), OUTAGE_ERRORS):
        try:
            return database_outage_response(request)
        except Exception:  # the page itself failed: the generic one needs nothing
            logger.exception("Could not show the database outage page")
    return defaults.server_error(request, template_name)
