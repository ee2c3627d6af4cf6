from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

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
class SupporterAdmin(admin.ModelAdmin[Supporter]):
    list_display = ["email", "name", "country", "language", "confirmed_at", "created_at"]
    list_filter = ["language", "confirmed_at"]
    search_fields = ["email", "name"]
    readonly_fields = ["email", "confirmed_at", "created_at", "updated_at"]
    inlines = [ConsentInline]
    show_full_result_count = False
