"""Which supporters, actions and exports a staff member may see: decided here and only here.

A staff member of a section sees the records of that section; international staff (and
superusers) see every section's; anyone else, including staff without a membership, sees none.
Records with no section (a supporter from a country without one) are for international staff.

Every staff page and export that lists personal data filters its queryset through
:func:`scope_queryset`; admin classes get it from :class:`SectionScopedAdmin`. Records that
belong to no one section (print runs, which mix sections; traffic counted before a form says
who sent it) are for international staff only: :class:`InternationalStaffAdmin`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from writeathon.core.personal_data import personal_data_access_log
from writeathon.core.staff import Viewer
from writeathon.sections.exports import export_filename, queryset_csv
from writeathon.sections.models import Section, StaffMembership

_ModelT = TypeVar("_ModelT", bound=models.Model)


@dataclass(frozen=True)
class Scope:
    """The sections whose records someone may see: all of them, some, or none."""

    all_sections: bool = False
    section_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.all_sections and not self.section_ids


ALL_SECTIONS = Scope(all_sections=True)
NOTHING = Scope()


def staff_scope(user: Viewer) -> Scope:
    """The scope of `user`: read from their staff membership each time (no stale cache)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return NOTHING
    if user.is_superuser:
        return ALL_SECTIONS
    membership = (
        StaffMembership.objects.filter(user_id=user.pk)
        .values_list("section_id", "is_international")
        .first()
    )
    if membership is None:
        return NOTHING
    section_id, is_international = membership
    if is_international:
        return ALL_SECTIONS
    if section_id is None:
        return NOTHING
    return Scope(section_ids=frozenset({section_id}))


def scope_queryset(
    user: Viewer, queryset: QuerySet[_ModelT], *, section_path: str
) -> QuerySet[_ModelT]:
    """`queryset` narrowed to what `user` may see; `section_path` leads from its rows to a
    Section ("section" for Supporter, "supporter__section" for Action and Consent)."""
    scope = staff_scope(user)
    if scope.all_sections:
        return queryset
    if scope.is_empty:
        return queryset.none()
    return queryset.filter(**{f"{section_path}__in": sorted(scope.section_ids)})


def scope_allows(user: Viewer, obj: models.Model, *, section_path: str) -> bool:
    """Whether `user` may see `obj` (asked of the database, by the same rule as lists)."""
    model = type(obj)
    return scope_queryset(
        user, model._default_manager.filter(pk=obj.pk), section_path=section_path
    ).exists()


def scope_sections(user: Viewer) -> QuerySet[Section]:
    """The sections `user` may see, and so assign records to."""
    return scope_queryset(user, Section.objects.all(), section_path="pk")


def scope_label(user: Viewer) -> str:
    """A name for the scope, fit for a file name: the section's, or "all-sections"."""
    scope = staff_scope(user)
    if scope.all_sections:
        return "all-sections"
    names = [
        slugify(short) or slugify(name) or str(country).lower()
        for short, name, country in scope_sections(user).values_list(
            "short_name", "name", "country"
        )
    ]
    return "-".join(names) or "no-section"


class SectionScopedAdmin(admin.ModelAdmin[_ModelT]):
    """An admin that shows each staff member only their sections' records.

    Set ``section_path`` to the path from the model to its Section. Lists, searches, actions
    and the record pages all start from :meth:`get_queryset`, so a record of another section
    is a 404 even by direct URL; the permission checks refuse it too, as a second guard.
    Set ``csv_export_fields`` (field paths) to offer "Export selected as CSV".
    """

    section_path: ClassVar[str] = "section"
    csv_export_fields: ClassVar[Sequence[str]] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[_ModelT]:
        queryset = super().get_queryset(request)
        return scope_queryset(request.user, queryset, section_path=self.section_path)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> _ModelT | None:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # The same answer for a record of another section and one that does not exist.
            raise Http404(_("There is no such record among those you may see."))
        return obj

    def _in_scope(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or scope_allows(request.user, obj, section_path=self.section_path)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        # Staff may put a record only in a section they see.
        if db_field.related_model is Section:
            kwargs["queryset"] = scope_sections(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = dict(super().get_actions(request))
        if self.csv_export_fields and self.has_view_permission(request):
            actions["export_csv"] = (
                SectionScopedAdmin.export_csv,
                "export_csv",
                _("Export selected as CSV"),
            )
        return actions

    def export_csv(self, request: HttpRequest, queryset: QuerySet[_ModelT]) -> HttpResponse:
        """The selected rows as CSV: scoped again here, whatever ids were posted."""
        rows = scope_queryset(request.user, queryset, section_path=self.section_path)
        content, count = queryset_csv(queryset=rows, fields=self.csv_export_fields)
        what = f"{self.model._meta.model_name} export"
        personal_data_access_log(request=request, what=what, reason=f"CSV, {count} rows")
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        filename = export_filename(
            label=scope_label(request.user),
            what=str(self.model._meta.verbose_name_plural),
            on=timezone.localdate(),
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class InternationalStaffAdmin(admin.ModelAdmin[_ModelT]):
    """An admin for records that belong to no one section: only staff who see every section
    see them at all (the model is not even listed for others), whatever their permissions."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[_ModelT]:
        queryset = super().get_queryset(request)
        return queryset if staff_scope(request.user).all_sections else queryset.none()

    @staticmethod
    def _international(request: HttpRequest) -> bool:
        return staff_scope(request.user).all_sections

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._international(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._international(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._international(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._international(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._international(request) and super().has_delete_permission(request, obj)
