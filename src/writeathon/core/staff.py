"""The gate of every staff page outside the admin."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

View = Callable[..., HttpResponseBase]


def staff_permission_required(*permissions: str) -> Callable[[View], View]:
    """Visitors go to the login page; signed-in users without staff status or without every
    one of `permissions` are refused (403)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and user.is_staff and user.has_perms(permissions)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    return decorator
