"""Sections and staff memberships: only staff who see every section may change them.

Otherwise a section's staff member could make themselves international, or move into another
section, and see its supporters.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest

from writeathon.sections.access import staff_scope
from writeathon.sections.models import Section, StaffMembership
from writeathon.sections.services import section_save, staff_membership_set


def _sees_every_section(request: HttpRequest) -> bool:
    return staff_scope(request.user).all_sections


class SectionForm(forms.ModelForm[Section]):
    languages = forms.MultipleChoiceField(
        label=Section._meta.get_field("languages").verbose_name,
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Section
        fields = ["name", "short_name", "country", "languages", "accent_colour"]
        widgets = {"accent_colour": forms.TextInput(attrs={"type": "color"})}


class InternationalOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and _sees_every_section(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and _sees_every_section(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and _sees_every_section(request)


@admin.register(Section)
class SectionAdmin(InternationalOnlyAdmin):
    form = SectionForm
    list_display = ["name", "short_name", "country", "languages", "accent_colour"]
    search_fields = ["name", "short_name"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Supporters join a section by country: moving a section would leave them behind.
        return ["country"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Section, form: Any, change: bool) -> None:
        section_save(section=obj)


@admin.register(StaffMembership)
class StaffMembershipAdmin(InternationalOnlyAdmin):
    list_display = ["user", "section", "is_international"]
    list_filter = ["is_international", "section"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "section"]
    raw_id_fields = ["user"]

    def save_model(
        self, request: HttpRequest, obj: StaffMembership, form: Any, change: bool
    ) -> None:
        saved = staff_membership_set(
            user=obj.user, section=obj.section, is_international=obj.is_international
        )
        obj.pk = saved.pk
