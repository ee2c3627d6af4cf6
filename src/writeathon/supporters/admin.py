from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from writeathon.core.personal_data import PersonalDataAdmin
from writeathon.core.staff import isolated
from writeathon.sections.access import SectionScopedAdmin, staff_scope
from writeathon.supporters.models import Consent, Supporter


class ConsentInline(admin.TabularInline[Consent, Supporter]):
    model = Consent
    extra = 0
    readonly_fields = ["purpose", "text", "version", "form", "language", "given_at", "withdrawn_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Supporter)
class SupporterAdmin(SectionScopedAdmin[Supporter], PersonalDataAdmin[Supporter]):
    """Every look at a supporter or the list is logged (core.PersonalDataAccess).

    Staff see their own section's supporters only (sections.access)."""

    section_path = "section"
    csv_export_fields = [
        "id",
        "name",
        "email",
        "phone",
        "country",
        "language",
        "section__name",
        "confirmed_at",
        "email_stopped_at",
        "created_at",
    ]

    list_display = [
        "email",
        "name_isolated",
        "country",
        "section",
        "language",
        "confirmed_at",
        "created_at",
    ]
    list_filter = ["section", "language", "confirmed_at"]
    search_fields = ["email", "name"]
    readonly_fields = [
        "email",
        # Derived from the address by the services, never typed.
        "email_canonical",
        "confirmed_at",
        "email_stopped_at",
        "erased_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ConsentInline]
    show_full_result_count = False

    @admin.display(description=Supporter._meta.get_field("name").verbose_name, ordering="name")
    def name_isolated(self, obj: Supporter) -> str:
        return isolated(obj.name)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "name" and formfield is not None:
            formfield.widget.attrs["dir"] = "auto"  # typed in any script
        return formfield

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        # A number is unique across every section: "this number is taken" would tell a
        # section's staff that another section's supporter has it. Only staff who see every
        # section change numbers.
        if not staff_scope(request.user).all_sections:
            fields.append("phone")
        return fields


@admin.register(Consent)
class ConsentAdmin(SectionScopedAdmin[Consent], PersonalDataAdmin[Consent]):
    """Consents as given, in the exact words shown: read only, and every look is logged."""

    section_path = "supporter__section"

    list_display = ["given_at", "supporter", "purpose", "version", "form", "withdrawn_at"]
    list_filter = ["purpose", "version", "form"]
    search_fields = ["supporter__email"]
    list_select_related = ["supporter"]
    date_hierarchy = "given_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
