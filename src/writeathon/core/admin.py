from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from writeathon.core.models import PeriodicJob, PersonalDataAccess


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin[PeriodicJob]):
    """When each periodic job last ran, how long it took and how it failed: read only."""

    list_display = ["name", "last_run_at", "last_duration_ms", "last_error"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin[PersonalDataAccess]):
    """Who among staff looked at which personal data, and when: read only, for audits."""

    list_display = ["at", "username", "what", "object_id", "path", "reason"]
    list_filter = ["user", "at", "what"]
    date_hierarchy = "at"
    search_fields = ["username", "object_id"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
