"""Moderation decisions in the admin: to look them up. They are made on /staff/moderation/.

A note may name the writer, so a section's staff see only the decisions on their own
section's supporters' messages (writeathon.sections.access), and every look is logged.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from writeathon.core.personal_data import PersonalDataAdmin
from writeathon.delivery.selectors import DELIVERY_SECTION_PATH
from writeathon.moderation.models import ModerationDecision
from writeathon.sections.access import SectionScopedAdmin


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(
    SectionScopedAdmin[ModerationDecision], PersonalDataAdmin[ModerationDecision]
):
    # The outbox's own scoping, from the decision's delivery.
    section_path = f"delivery__{DELIVERY_SECTION_PATH}"
    list_display = ["pk", "delivery", "decision", "reasons", "decided_by", "decided_at"]
    list_filter = ["decision"]
    list_select_related = ["delivery", "decided_by"]
    date_hierarchy = "decided_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in ModerationDecision._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
