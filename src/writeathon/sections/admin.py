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

from writeathon.core.models import PersonalDataAccess
from writeathon.sections.access import SectionScopedAdmin, staff_scope
from writeathon.sections.models import Section, StaffMembership
from writeathon.sections.services import staff_membership_set
from writeathon.usecases.sections import section_save


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
        fields = [
            "name",
            "short_name",
            "country",
            "languages",
            "accent_colour",
            "slug",
            "host_name",
            "default_language",
            "logo",
            "logo_alt",
            "intro",
        ]
        widgets = {
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
            "default_language": forms.Select(choices=[("", "—"), *settings.LANGUAGES]),
        }


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
    list_display = ["name", "short_name", "country", "languages", "accent_colour", "slug"]
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


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(SectionScopedAdmin[PersonalDataAccess]):
    """Who among staff looked at which personal data, and when: read only, for audits.

    Registered here, not in core, because it is scoped like the records it names: a
    section's staff see the looks of their own section's staff (whose records those are);
    looks by international staff, by staff without a section and by deleted accounts are
    for international staff.
    """

    section_path = "user__staff_membership__section"
    list_display = ["at", "username", "what", "object_id", "path", "reason"]
    list_filter = [("user", admin.RelatedOnlyFieldListFilter), "at", "what"]
    date_hierarchy = "at"
    search_fields = ["username", "object_id"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
