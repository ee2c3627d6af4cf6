"""Bearer tokens for partners: checked, rate-limited per token, and scoped."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from writeathon.api.problems import ApiProblem
from writeathon.core.cache import cache_add, cache_incr
from writeathon.partners.models import ApiToken
from writeathon.partners.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_authenticate(plain=token)
        if found is None:
            return None
        request.api_token = found  # type: ignore[attr-defined]  # logged by the middleware
        _rate_check(found)
        return found


def _rate_check(token: ApiToken) -> None:
    """At most API_RATE_PER_MINUTE calls a minute per token; past it, 429 with the time
    until the next minute starts."""
    limit = int(settings.API_RATE_PER_MINUTE)
    if limit <= 0:
        return
    now = time.time()
    window = int(now // 60)
    key = f"api-rate:{token.pk}:{window}"
    cache_add(key, 0, 120)
    used = cache_incr(key)
    if used is not None and used > limit:
        retry_after = max(1, math.ceil((window + 1) * 60 - now))
        raise ApiProblem(
            429,
            _("Too many requests"),
            _("This token may make %(limit)s calls a minute. Try again shortly.")
            % {"limit": limit},
            headers={"Retry-After": str(retry_after)},
        )


def token_of(request: HttpRequest) -> ApiToken:
    token = getattr(request, "auth", None)
    if not isinstance(token, ApiToken):  # every endpoint is behind TokenAuth
        raise ApiProblem(401, _("Not signed in"))
    return token


def scope_require(request: HttpRequest, scope: str) -> ApiToken:
    """The request's token, if it has `scope`; else 403."""
    token = token_of(request)
    if scope not in token.scopes:
        raise ApiProblem(
            403,
            _("Not allowed"),
            _("This token does not have the scope %(scope)s.") % {"scope": scope},
        )
    return token
