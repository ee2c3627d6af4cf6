"""Staff sessions end a working day after sign-in (STAFF_SESSION_SECONDS, eight hours).

Django's sessions last two weeks and are renewed by use; a staff session opens every
supporter's data, so it ends at a fixed time however busy it is. The end is set at the first
request a signed-in staff account makes in a session, so a session opened before this limit
existed (or before the account became staff) gets it too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

# Marks a session whose end has been set; the end itself is Django's session expiry.
STAFF_SESSION_KEY = "writeathon_staff_session"


class StaffSessionMiddleware:
    """Gives a signed-in staff account's session a fixed end. After AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and not request.session.get(STAFF_SESSION_KEY)
        ):
            ends = timezone.now() + timedelta(seconds=settings.STAFF_SESSION_SECONDS)
            request.session.set_expiry(ends)
            request.session[STAFF_SESSION_KEY] = True
        return self.get_response(request)
