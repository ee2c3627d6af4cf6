from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from writeathon.campaigns.models import Appeal, Campaign, CampaignText, Case, Outcome, Target
from writeathon.campaigns.selectors import content_changed
from writeathon.campaigns.services import campaign_set_status, case_set_status

# The admin's history shows this as "Changed Status." in the reader's language.
_LOG_STATUS_CHANGED = [{"changed": {"fields": ["Status"]}}]


class PublicContentAdmin(admin.ModelAdmin[Any]):
    """Staff edits show on the public pages at once, not when the content cache expires."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        content_changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        content_changed()


class CampaignTextInline(admin.StackedInline[CampaignText, Campaign]):
    model = CampaignText
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(PublicContentAdmin):
    list_display = ["name", "slug", "status", "starts_on", "ends_on", "goal", "offline_total"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CampaignTextInline]
    actions = ["open_campaigns", "close_campaigns", "draft_campaigns"]

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[Campaign], status: Campaign.Status
    ) -> None:
        changed = 0
        for campaign in queryset:
            if campaign_set_status(campaign=campaign, status=status):
                self.log_change(request, campaign, _LOG_STATUS_CHANGED)
                changed += 1
        self.message_user(
            request,
            ngettext("%(n)d campaign changed.", "%(n)d campaigns changed.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Open the selected campaigns"))
    def open_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        self._set_status(request, queryset, Campaign.Status.OPEN)

    @admin.action(description=_("Close the selected campaigns"))
    def close_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        self._set_status(request, queryset, Campaign.Status.CLOSED)

    @admin.action(description=_("Return the selected campaigns to draft (hidden)"))
    def draft_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        self._set_status(request, queryset, Campaign.Status.DRAFT)


class TargetInline(admin.StackedInline[Target, Case]):
    model = Target
    extra = 0


class AppealInline(admin.StackedInline[Appeal, Case]):
    model = Appeal
    extra = 0


class OutcomeInline(admin.TabularInline[Outcome, Case]):
    model = Outcome
    extra = 0


@admin.register(Case)
class CaseAdmin(PublicContentAdmin):
    list_display = ["name", "campaign", "country", "category", "status", "position"]
    list_filter = ["campaign", "status", "category"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AppealInline, TargetInline, OutcomeInline]
    actions = ["publish", "unpublish"]

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[Case], status: Case.Status
    ) -> None:
        changed = 0
        for case in queryset:
            if case_set_status(case=case, status=status):
                self.log_change(request, case, _LOG_STATUS_CHANGED)
                changed += 1
        self.message_user(
            request,
            ngettext("%(n)d case changed.", "%(n)d cases changed.", changed) % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected cases"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        self._set_status(request, queryset, Case.Status.PUBLISHED)

    @admin.action(description=_("Unpublish the selected cases"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        self._set_status(request, queryset, Case.Status.DRAFT)
