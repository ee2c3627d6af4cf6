"""The log of staff looking at personal data: who, when, what, where.

Call :func:`personal_data_access_log` from every staff page that shows supporters' personal
data (names, addresses, messages). Admin pages get it from :class:`PersonalDataAdmin`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse

from writeathon.core.models import PersonalDataAccess

_ModelT = TypeVar("_ModelT", bound=models.Model)


def personal_data_access_log(
    *, request: HttpRequest, what: str, object_id: object = "", reason: str = ""
) -> PersonalDataAccess:
    """Record that the signed-in staff member of `request` was shown personal data.

    `what` names the kind of data ("supporter", "supporter list", "mail"), `object_id` the
    record when there is one. The page is kept without its query string: a search typed
    into the admin may be an email address, and the log must not collect them.
    """
    user = request.user
    authenticated = bool(getattr(user, "is_authenticated", False))
    return PersonalDataAccess.objects.create(
        user_id=user.pk if authenticated else None,
        username=user.get_username()[:150] if authenticated else "",
        what=what[:40],
        object_id=str(object_id)[:100],
        path=request.path[:500],
        reason=reason[:200],
    )


class PersonalDataAdmin(admin.ModelAdmin[_ModelT]):
    """An admin whose lists and records hold personal data: every successful view is logged."""

    def _logged(
        self, request: HttpRequest, response: HttpResponse, what: str, object_id: object = ""
    ) -> HttpResponse:
        if response.status_code == 200:
            personal_data_access_log(request=request, what=what, object_id=object_id)
        return response

    @property
    def _what(self) -> str:
        return self.model._meta.model_name or "record"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        return self._logged(request, response, f"{self._what} list")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._logged(request, response, self._what, object_id)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        return self._logged(request, response, f"{self._what} history", object_id)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().delete_view(request, object_id, extra_context)
        return self._logged(request, response, self._what, object_id)
