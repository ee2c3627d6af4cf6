"""Moderation decisions in the admin: to look them up. They are made on /staff/moderation/."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from writeathon.moderation.models import ModerationDecision


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin[ModerationDecision]):
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
