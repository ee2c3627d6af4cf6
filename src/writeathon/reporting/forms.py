"""The staff reports' filters (GET), checked before anything is read."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from writeathon.campaigns.models import Campaign, Case
from writeathon.core.staff import Viewer
from writeathon.core.vocabulary import Channel
from writeathon.delivery.forms import IdChoiceField
from writeathon.sections.access import scope_sections

_ANY = [("", _("Any"))]


class CampaignChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CaseChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.campaign.name})"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    """What a report covers. A value it does not know (a section the reader may not see, a
    case of another campaign, a date that is not one) is an error, not ignored."""

    campaign = CampaignChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by(
            "-opens_at", "-pk"
        ),
        required=False,
        empty_label=_("The current campaign"),
    )
    section = IdChoiceField(
        label=_("Section"), queryset=None, required=False, empty_label=_("Every section I see")
    )
    day_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    day_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    case = CaseChoiceField(
        label=_("Case"),
        queryset=Case.objects.select_related("campaign").order_by("campaign__name", "position"),
        required=False,
        empty_label=_("Any"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=_ANY + list(Channel.choices), required=False
    )

    def __init__(self, data: Any, *, user: Viewer) -> None:
        super().__init__(data)
        section = cast(IdChoiceField, self.fields["section"])
        section.queryset = scope_sections(user).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day_from, day_to = data.get("day_from"), data.get("day_to")
        if day_from and day_to and day_from > day_to:
            self.add_error("day_to", _("The end of the range comes before its start."))
        campaign, case = data.get("campaign"), data.get("case")
        if case is not None and campaign is not None and case.campaign_id != campaign.pk:
            self.add_error("case", _("This case belongs to another campaign."))
        return data
