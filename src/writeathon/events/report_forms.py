"""Forms of the report-back, the sign-up sheet, the review of held reports and the tally
import. They parse and check; writeathon.usecases.event_reports and events.reports write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from writeathon.actions.forms import CountrySelect, _country_choices
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.events.tally_files import MAX_BYTES
from writeathon.supporters.consents import CONSENT_TEXT
from writeathon.supporters.forms import MailableEmailValidator
from writeathon.usecases.intake import COUNT_REPORT_LARGEST

# What each channel is called on the report form, in a host's words.
CHANNEL_LABELS = {
    Channel.LETTER: _("Handwritten letters"),
    Channel.SOLIDARITY: _("Cards and messages of solidarity"),
    Channel.SIGNATURE: _("Signatures"),
    Channel.EMAIL: _("Emails sent on the spot"),
}
# More people than this at one write-a-thon is a typo.
MAX_ATTENDEES = 100_000


def line_field_name(case: Case, channel: str) -> str:
    return f"count_{case.pk}_{channel}"


class EventReportForm(forms.Form):
    attendees = forms.IntegerField(
        label=_("How many people took part"),
        min_value=1,
        max_value=MAX_ATTENDEES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(
        self,
        *args: Any,
        cases: list[Case],
        channels: tuple[str, ...],
        initial_counts: dict[tuple[int, str], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.channels = channels
        self.groups: list[tuple[Case, list[forms.BoundField]]] = []
        for case in cases:
            bound = []
            for channel in channels:
                name = line_field_name(case, channel)
                self.fields[name] = forms.IntegerField(
                    label=CHANNEL_LABELS.get(Channel(channel), Channel(channel).label),
                    min_value=0,
                    max_value=COUNT_REPORT_LARGEST,
                    required=False,
                    initial=initial_counts.get((case.pk, channel), 0),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                bound.append(self[name])
            self.groups.append((case, bound))

    def counts(self) -> dict[tuple[int, str], int]:
        return {
            (case.pk, channel): int(self.cleaned_data.get(line_field_name(case, channel)) or 0)
            for case in self.cases
            for channel in self.channels
        }


class SignupRowForm(forms.Form):
    """One line of the paper sheet. A blank line is skipped; a line begun must be whole."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        validators=[MailableEmailValidator()],
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=_country_choices, required=False, widget=CountrySelect()
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(f) for f in ("name", "email", "country")) or data.get("consent")
        if not filled or self.errors:
            return data
        if not data.get("name"):
            self.add_error("name", _("Write the name from the sheet."))
        if not data.get("email"):
            self.add_error("email", _("Write the email address from the sheet."))
        if not data.get("country"):
            self.add_error("country", _("Choose the country from the sheet."))
        if not data.get("consent"):
            self.add_error(
                "consent",
                _(
                    "Only people who ticked the box on the sheet can be added: leave this "
                    "line empty if they did not."
                ),
            )
        return data

    def person(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not data.get("email"):
            return None
        return {"name": data["name"], "email": data["email"], "country": data["country"]}


SignupSheetFormSet = forms.formset_factory(SignupRowForm, extra=10, max_num=50, absolute_max=50)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (sent to the host)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not data.get("reason"):
            self.add_error("reason", _("Say why the report is refused: the host reads it."))
        return data


class ReportRulesForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all(), empty_label=None
    )
    ratio = forms.IntegerField(
        label=_("Actions one person can write in an hour"), min_value=1, max_value=1000
    )


class TallyUploadForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label=_("Tally file (CSV or XLSX)"),
        help_text=_(
            "Columns: section, group, case, channel, count, date (year-month-day). "
            "At most 5,000 rows and 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB. Split it into smaller files."),
                params={"max": MAX_BYTES // (1024 * 1024)},
            )
        return upload
