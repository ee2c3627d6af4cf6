from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from writeathon.actions.models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin[Action]):
    """Actions are append-only facts: staff read them here, and nothing more."""

    list_display = ["created_at", "case", "channel", "source", "status", "country", "signer_name"]
    list_filter = ["campaign", "channel", "source", "status", "case"]
    search_fields = ["supporter__email", "signer_name", "case__name"]
    date_hierarchy = "created_at"
    list_select_related = ["case", "campaign"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
