"""What every API call gets around it: the call log, ETags on reads, and problem+json for
what ninja does not see (a 404 for an unknown path, a 405)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from writeathon.api.problems import PROBLEM_TYPE, problem_response
from writeathon.partners.services import api_call_log

API_PREFIX = "/api/"


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        if response.status_code in (404, 405) and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            response = problem_response(
                request,
                status=response.status_code,
                title=_("Not found") if response.status_code == 404 else _("Method not allowed"),
            )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = _etag(request, response)
        token = getattr(request, "api_token", None)
        if token is not None:
            api_call_log(
                token=token,
                method=request.method or "",
                path=request.get_full_path(),
                status=response.status_code,
                milliseconds=int((time.monotonic() - started) * 1000),
            )
        return response


def _etag(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A strong ETag of the body; If-None-Match with it answers 304 with no body."""
    if response.streaming or response.get("Content-Type", "").startswith(PROBLEM_TYPE):
        return response
    tag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    patch_vary_headers(response, ["Authorization"])
    asked = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    if tag in asked or "*" in asked:
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = tag
        not_modified["Vary"] = response.get("Vary", "")
        return not_modified
    response["ETag"] = tag
    return response
