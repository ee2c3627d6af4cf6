"""Staff sessions end a working day after sign-in (STAFF_SESSION_SECONDS, eight hours).

Django's sessions last two weeks and are renewed by use; a staff session opens every
supporter's data, so it ends at a fixed time however busy it is. The end is set when a
staff account signs in (the ``user_logged_in`` signal, connected in ``CoreConfig.ready``), and
else at the first request of a staff session without it, so a session opened before this
limit existed (or before the account became staff) gets it too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from writeathon.core.staff import Viewer

# Marks a session whose end has been set; the end itself is Django's session expiry.
STAFF_SESSION_KEY = "writeathon_staff_session"


def staff_session_limit(request: HttpRequest, user: Viewer | None) -> None:
    """Give `user`'s session its end, once: STAFF_SESSION_SECONDS from now, if they are staff."""
    if not (user is not None and user.is_authenticated and user.is_staff):
        return
    if request.session.get(STAFF_SESSION_KEY):
        return
    request.session.set_expiry(timezone.now() + timedelta(seconds=settings.STAFF_SESSION_SECONDS))
    request.session[STAFF_SESSION_KEY] = True


def staff_session_on_login(
    sender: Any, request: HttpRequest, user: Viewer | None, **kwargs: Any
) -> None:
    """Receiver of ``user_logged_in``: the session's end counts from the sign-in."""
    staff_session_limit(request, user)


class StaffSessionMiddleware:
    """Gives a staff session signed in without the limit its end. After
    AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        staff_session_limit(request, getattr(request, "user", None))
        return self.get_response(request)
