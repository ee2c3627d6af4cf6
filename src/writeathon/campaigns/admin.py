from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from writeathon.campaigns.models import (
    Appeal,
    Campaign,
    CampaignText,
    Case,
    OfficialResponse,
    Outcome,
    OutcomeText,
    Target,
)
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
    fields = ["happened_on", "kind", "is_published"]
    # Its texts, photo and "tell supporters" are on the outcome's own page.
    show_change_link = True


class OfficialResponseInline(admin.StackedInline[OfficialResponse, Case]):
    model = OfficialResponse
    extra = 0
    fields = ["responded_on", "target", "official", "summary", "file", "is_public"]

    def get_formset(self, request: HttpRequest, obj: Case | None = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        # Only the case's own officials to choose from.
        formset.form.base_fields["target"].queryset = Target.objects.filter(  # type: ignore[attr-defined]
            case=obj
        )
        return formset


class OutcomeTextInline(admin.StackedInline[OutcomeText, Outcome]):
    model = OutcomeText
    extra = 0


class OutcomeForm(forms.ModelForm[Outcome]):
    tell_supporters = forms.BooleanField(
        label=_("Tell supporters"),
        required=False,
        help_text=_(
            "When the outcome is published, everyone who acted on the case and agreed to "
            "updates gets one email about it, in their language. Sent once per outcome."
        ),
    )

    class Meta:
        model = Outcome
        fields = ["case", "happened_on", "kind", "summary", "photo", "photo_alt", "is_published"]


@admin.register(Outcome)
class OutcomeAdmin(PublicContentAdmin):
    form = OutcomeForm
    list_display = ["case", "kind", "happened_on", "is_published"]
    list_filter = ["kind", "is_published", "case__campaign"]
    search_fields = ["case__name"]
    inlines = [OutcomeTextInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        outcome = form.instance
        if not form.cleaned_data.get("tell_supporters"):
            return
        if not outcome.is_published:
            self.message_user(
                request, _("Publish the outcome first: supporters were not told."), messages.WARNING
            )
            return
        from writeathon.campaigns.views import site_url
        from writeathon.reporting.updates import outcome_update_send

        update = outcome_update_send(
            outcome=outcome, user_id=request.user.pk, base_url=site_url(request)
        )
        if update is None:
            self.message_user(
                request,
                _("Write the outcome's text first: supporters were not told."),
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                _("Supporters are being told: see the update's page for how many."),
                messages.SUCCESS,
            )


@admin.register(Case)
class CaseAdmin(PublicContentAdmin):
    list_display = ["name", "campaign", "country", "category", "status", "position"]
    list_filter = ["campaign", "status", "category"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AppealInline, TargetInline, OutcomeInline, OfficialResponseInline]
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
