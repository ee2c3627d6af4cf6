from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from writeathon.actions.models import Action, TallyRepair
from writeathon.core.personal_data import PersonalDataAdmin
from writeathon.core.staff import isolated
from writeathon.sections.access import SectionScopedAdmin


@admin.register(Action)
class ActionAdmin(SectionScopedAdmin[Action], PersonalDataAdmin[Action]):
    """Actions are append-only facts: staff read them here, and nothing more.

    They carry names and messages: every look is logged (core.PersonalDataAccess). Staff see
    the actions of their own section's supporters only (sections.access)."""

    section_path = "supporter__section"
    csv_export_fields = [
        "public_id",
        "created_at",
        "campaign__name",
        "case__name",
        "channel",
        "source",
        "status",
        "confirmed_at",
        "country",
        "language",
        "signer_name",
    ]

    list_display = [
        "created_at",
        "case",
        "channel",
        "source",
        "status",
        "country",
        "signer_name_isolated",
    ]
    list_filter = ["campaign", "channel", "source", "status", "case"]
    search_fields = ["supporter__email", "signer_name", "case__name"]
    date_hierarchy = "created_at"
    list_select_related = ["case", "campaign"]
    show_full_result_count = False

    @admin.display(
        description=Action._meta.get_field("signer_name").verbose_name, ordering="signer_name"
    )
    def signer_name_isolated(self, obj: Action) -> str:
        return isolated(obj.signer_name)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TallyRepair)
class TallyRepairAdmin(SectionScopedAdmin[TallyRepair]):
    """The drifts the reconciliation found and repaired: read only, by section."""

    section_path = "section"
    list_display = [
        "repaired_at",
        "case",
        "section",
        "channel",
        "source",
        "country",
        "day",
        "tallied",
        "counted",
    ]
    list_filter = ["campaign", "channel", "source"]
    date_hierarchy = "repaired_at"
    list_select_related = ["case", "section"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
