"""Staff sign-in lockout after repeated failures (django-axes).

Failures are counted three ways, each with its own limit: one username from one address
(STAFF_LOGIN_FAILURE_LIMIT, someone guessing a password), one address across usernames
(STAFF_LOGIN_FAILURE_LIMIT_PER_ADDRESS, password spraying) and one username across
addresses (STAFF_LOGIN_FAILURE_LIMIT_PER_USERNAME, a guesser rotating addresses). An
address is counted as core.client_ip.client_key counts it (an IPv6 client by its /64).
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The setting holding the limit of each single lockout parameter (AXES_LOCKOUT_PARAMETERS);
# the pair of username and address has AXES_FAILURE_LIMIT.
_LIMIT_SETTINGS = {
    "ip_address": "STAFF_LOGIN_FAILURE_LIMIT_PER_ADDRESS",
    "username": "STAFF_LOGIN_FAILURE_LIMIT_PER_USERNAME",
}


def _limit_of(parameter: str | list[str]) -> int:
    name = _LIMIT_SETTINGS.get(parameter) if isinstance(parameter, str) else None
    return int(getattr(settings, name)) if name else int(settings.AXES_FAILURE_LIMIT)


class LoginLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """django-axes' database handler, with a limit of its own for each lockout parameter.

    Axes compares the largest count of any parameter with one limit (AXES_FAILURE_LIMIT).
    Here each count is put on that limit's scale first, rounding down, so that a count
    reaches AXES_FAILURE_LIMIT exactly when it reaches its own limit.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        base = int(settings.AXES_FAILURE_LIMIT)
        parameters = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        scaled = 0
        for parameter, attempts in zip(parameters, attempts_list, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled = max(scaled, failures * base // _limit_of(parameter))
        return scaled

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """After a successful sign-in, forget the failures of that username from that address
        only: a stranger's tries from elsewhere, or on other usernames, still count."""
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        ).delete()
        return int(deleted)


class LoginLockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Refuses sign-ins while their username and address are locked out.

    Sign-ins from a web page always pass the request, and are watched. A call without one
    (``Client.login`` in tests, a script) has no address to count against: it is left to the
    next backend rather than failing, as the stock backend does.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown instead of the sign-in form while locked out: 429 with Retry-After."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off is not None else 0
    minutes = max(1, (seconds + 59) // 60)
    response = render(
        request,
        "core/login_locked_out.html",
        {"minutes": minutes, "permanent": cool_off is None},
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
