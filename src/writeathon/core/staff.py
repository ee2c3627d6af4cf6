"""What every staff page outside the admin shares: the gate, paging, the way back."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString

View = Callable[..., HttpResponseBase]
_RowT = TypeVar("_RowT", bound=Model)


class Viewer(Protocol):
    """Whoever asks to see or change records, as `request.user` gives them: a signed-in
    account or an anonymous visitor (whose `pk` is None). What staff scopes and permission
    checks read, and no more, so that any user model fits."""

    @property
    def pk(self) -> Any: ...  # Django's own type for a primary key

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_staff(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...


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


# Rows on one page of a staff list.
STAFF_PAGE_SIZE = 50


def staff_page(request: HttpRequest, queryset: QuerySet[_RowT]) -> Page[_RowT]:
    """The page of `queryset` that `?page=` asks for; a page that does not exist is a 404."""
    try:
        return Paginator(queryset, STAFF_PAGE_SIZE).page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404("No such page.") from exc


def staff_return_url(request: HttpRequest, *, within: str, fallback: str) -> str:
    """Where a staff form asked to go back to (`next`): a page under `within` on this site,
    or `fallback` for anything else."""
    target = request.POST.get("next", "")
    if target.startswith(within) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def isolated(text: object) -> SafeString:
    """Text someone typed (a supporter's name), escaped and isolated from the direction of
    the page around it (<bdi>): an Arabic name followed by a number or a Latin word cannot
    reorder the rest of an admin list's row."""
    return format_html("<bdi>{}</bdi>", text)
