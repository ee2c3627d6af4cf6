"""Access rules, hourly traffic and rate counters in the admin.

Rules change through the services, so that the cached rules are dropped and the change is
logged; traffic and counters are written by the gate alone and only shown here. Rules and
traffic are for international staff: traffic is counted before a form says who sent it (it
belongs to no section), and a rule applies to the forms of every section.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from writeathon.abuse.forms import access_rule_value_clean
from writeathon.abuse.models import AccessRule, RateCounter, TrafficHour
from writeathon.abuse.services import access_rules_changed
from writeathon.core.personal_data import PersonalDataAdmin
from writeathon.sections.access import InternationalStaffAdmin


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AccessRuleAdminForm(ModelForm[AccessRule]):
    class Meta:
        model = AccessRule
        fields = ["kind", "value", "action", "note", "expires_at"]

    def clean_value(self) -> str:
        # The same normal form as the staff page, so that rules match what requests carry.
        kind = self.cleaned_data.get("kind")
        value: str = self.cleaned_data["value"]
        return access_rule_value_clean(kind, value) if kind else value


@admin.register(AccessRule)
class AccessRuleAdmin(InternationalStaffAdmin[AccessRule], PersonalDataAdmin[AccessRule]):
    form = AccessRuleAdminForm
    list_display = ["value", "kind", "action", "note", "created_by", "created_at", "expires_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: AccessRule, form: Any, change: bool) -> None:
        if not change and request.user.is_authenticated:
            obj.created_by_id = request.user.pk
        super().save_model(request, obj, form, change)
        access_rules_changed()

    def delete_model(self, request: HttpRequest, obj: AccessRule) -> None:
        super().delete_model(request, obj)
        access_rules_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessRule]) -> None:
        super().delete_queryset(request, queryset)
        access_rules_changed()


@admin.register(TrafficHour)
class TrafficHourAdmin(
    _ReadOnly, InternationalStaffAdmin[TrafficHour], PersonalDataAdmin[TrafficHour]
):
    list_display = ["hour", "kind", "value", "submissions", "refused"]
    list_filter = ["kind"]
    date_hierarchy = "hour"
    ordering = ["-hour", "-submissions"]
    show_full_result_count = False


@admin.register(RateCounter)
class RateCounterAdmin(_ReadOnly, admin.ModelAdmin[RateCounter]):
    list_display = ["scope", "key", "window_start", "count"]
    list_filter = ["scope"]
    ordering = ["-window_start"]
    show_full_result_count = False
