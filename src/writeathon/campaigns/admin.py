from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from writeathon.campaigns.calendar import window_in_zone, window_local
from writeathon.campaigns.forms import window_field
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
from writeathon.campaigns.services import (
    campaign_close_now,
    campaign_set_status,
    case_set_status,
)

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


class CampaignForm(forms.ModelForm[Campaign]):
    """The window is typed in the campaign's own time zone, whatever the staff member's."""

    WINDOW_FIELDS = ("opens_at", "closes_at", "reporting_deadline")
    # Declared, not generated: the admin's own split date and time fields would read the
    # time in the staff member's zone.
    opens_at = window_field(
        Campaign._meta.get_field("opens_at").verbose_name,
        _("In the campaign's time zone. Empty: from publication."),
    )
    closes_at = window_field(
        Campaign._meta.get_field("closes_at").verbose_name,
        _("In the campaign's time zone. Empty: no end set yet."),
    )
    reporting_deadline = window_field(
        Campaign._meta.get_field("reporting_deadline").verbose_name,
        _("In the campaign's time zone. Events may report letters until then."),
    )

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "name",
            "status",
            "edition_year",
            "time_zone",
            "opens_at",
            "closes_at",
            "reporting_deadline",
            "goal",
            "default_language",
            "offline_total",
            "offline_case_count",
            "total_is_approximate",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.WINDOW_FIELDS:
            value = getattr(self.instance, name)
            if value is not None and not self.is_bound:
                self.initial[name] = window_local(value, self.instance.zone)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone_name = data.get("time_zone") or "UTC"
        try:
            zone = zoneinfo.ZoneInfo(zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return data  # the time zone field says what is wrong
        for name in self.WINDOW_FIELDS:
            value = data.get(name)
            if value is not None:
                data[name] = window_in_zone(value, zone)
                setattr(self.instance, name, data[name])
        return data


@admin.register(Campaign)
class CampaignAdmin(PublicContentAdmin):
    form = CampaignForm
    list_display = ["name", "slug", "status", "phase", "opens_at", "closes_at", "time_zone"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CampaignTextInline]
    actions = [
        "publish_campaigns",
        "close_campaigns",
        "draft_campaigns",
        "extend_window",
        "copy_to_new_edition",
        "import_into",
    ]

    @admin.display(description=_("now"))
    def phase(self, obj: Campaign) -> str:
        return str(obj.phase.label)

    def _set_status(
        self, request: HttpRequest, queryset: QuerySet[Campaign], status: Campaign.Status
    ) -> None:
        changed = 0
        for campaign in queryset:
            if campaign_set_status(campaign=campaign, status=status, user_id=request.user.pk):
                changed += 1
        self.message_user(
            request,
            ngettext("%(n)d campaign changed.", "%(n)d campaigns changed.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish the selected campaigns (they open with their window)"))
    def publish_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        self._set_status(request, queryset, Campaign.Status.PUBLISHED)

    @admin.action(description=_("Close the selected campaigns now"))
    def close_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        changed = 0
        for campaign in queryset:
            if campaign_close_now(campaign=campaign, user_id=request.user.pk):
                changed += 1
        self.message_user(
            request,
            ngettext("%(n)d campaign changed.", "%(n)d campaigns changed.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Return the selected campaigns to draft (hidden)"))
    def draft_campaigns(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> None:
        self._set_status(request, queryset, Campaign.Status.DRAFT)

    def _one(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> Campaign | None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one campaign."), messages.WARNING)
            return None
        return queryset.first()

    @admin.action(description=_("Extend the window of the selected campaign"))
    def extend_window(
        self, request: HttpRequest, queryset: QuerySet[Campaign]
    ) -> HttpResponseRedirect | None:
        campaign = self._one(request, queryset)
        if campaign is None:
            return None
        return HttpResponseRedirect(
            reverse("campaign-staff:window", kwargs={"campaign_slug": campaign.slug})
        )

    @admin.action(description=_("Import cases and officials into the selected campaign"))
    def import_into(
        self, request: HttpRequest, queryset: QuerySet[Campaign]
    ) -> HttpResponseRedirect | None:
        campaign = self._one(request, queryset)
        if campaign is None:
            return None
        return HttpResponseRedirect(
            reverse("campaign-staff:import", kwargs={"campaign_slug": campaign.slug})
        )

    @admin.action(description=_("Copy the selected campaign to a new edition"))
    def copy_to_new_edition(
        self, request: HttpRequest, queryset: QuerySet[Campaign]
    ) -> HttpResponseRedirect | None:
        campaign = self._one(request, queryset)
        if campaign is None:
            return None
        return HttpResponseRedirect(
            reverse("campaign-staff:copy", kwargs={"campaign_slug": campaign.slug})
        )


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
        if outcome.is_published:
            # Partners' systems hear of it once (the webhook's key names the outcome).
            from writeathon.delivery.partner_events import partner_event_emit
            from writeathon.partners.models import WebhookEvent

            partner_event_emit(
                event=WebhookEvent.OUTCOME_POSTED,
                object_key=f"outcome:{outcome.pk}",
                data={
                    "outcome": outcome.pk,
                    "campaign": outcome.case.campaign.slug,
                    "case": outcome.case.slug,
                    "kind": outcome.kind,
                    "happened_on": outcome.happened_on.isoformat(),
                },
                section_id=None,
            )
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
