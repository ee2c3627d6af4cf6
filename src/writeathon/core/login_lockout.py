"""Staff sign-in lockout after repeated failures (django-axes), counted per username and address."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
