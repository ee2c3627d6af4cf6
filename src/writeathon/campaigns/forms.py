"""Staff forms of campaigns: the window, a new edition, an import."""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from writeathon.campaigns.calendar import window_in_zone, window_local
from writeathon.campaigns.imports import IMPORT_KINDS
from writeathon.campaigns.models import Campaign

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def window_field(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text,
        input_formats=_DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class WindowForm(forms.Form):
    """When a campaign opens, closes and takes reports, typed in its own time zone."""

    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        help_text=_("An IANA time zone name, for example Asia/Tokyo or America/Lima."),
    )
    opens_at = window_field(_("Opens at"), _("Empty: open from publication."))
    closes_at = window_field(_("Closes at"), _("Empty: no end set yet."))
    reporting_deadline = window_field(
        _("Reporting deadline"), _("Events may report letters until then.")
    )

    WINDOW_FIELDS = ("opens_at", "closes_at", "reporting_deadline")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        initial: dict[str, Any] = {"time_zone": campaign.time_zone}
        for name in self.WINDOW_FIELDS:
            value = getattr(campaign, name)
            if value is not None:
                initial[name] = window_local(value, campaign.zone)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def clean_time_zone(self) -> str:
        value = str(self.cleaned_data["time_zone"]).strip()
        if value not in zoneinfo.available_timezones():
            raise ValidationError(
                _("“%(value)s” is not a time zone name. Use a name such as Asia/Tokyo."),
                params={"value": value},
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone_name = data.get("time_zone")
        if not zone_name:
            return data
        zone = zoneinfo.ZoneInfo(zone_name)
        for name in self.WINDOW_FIELDS:
            if data.get(name) is not None:
                data[name] = window_in_zone(data[name], zone)
        return data


class CopyForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address of the new edition"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, for example write-for-rights-2027."),
    )
    name = forms.CharField(label=_("Internal name of the new edition"), max_length=200)

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if Campaign.objects.filter(slug=slug).exists():
            raise ValidationError(_("A campaign already has this address."))
        return slug


# An upload larger than this is refused before it is read.
IMPORT_MAX_BYTES = 2 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=IMPORT_KINDS)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file (UTF-8) or an Excel workbook (.xlsx), at most 2 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than 2 MB. Split it into smaller files."),
                code="too_large",
            )
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(
                _("Choose a .csv or .xlsx file. Other formats cannot be read."),
                code="bad_format",
            )
        return upload
