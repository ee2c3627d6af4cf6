"""Forms of write-a-thons: they check what hosts, visitors and staff send, in plain words."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from writeathon.abuse.forms import GuardedForm
from writeathon.campaigns.models import Campaign
from writeathon.events.models import Event
from writeathon.events.selectors import cases_for_events
from writeathon.events.services import EventDetails
from writeathon.supporters.forms import MailableEmailValidator

# An event lasts at most this long: a weekend's write-a-thon, not a season.
LONGEST_EVENT = timedelta(days=3)
# Events are planned at most this far ahead.
FURTHEST_AHEAD = timedelta(days=400)
# More than this many people at one event is a typing mistake.
LARGEST_EVENT = 5000


@lru_cache(maxsize=1)
def time_zone_choices() -> list[tuple[str, str]]:
    zones = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith("Etc/")
    )
    return [(zone, zone.replace("_", " ")) for zone in [*zones, "UTC"]]


def country_choices() -> list[tuple[str, str]]:
    return [("", str(_("Choose a country"))), *((code, str(name)) for code, name in countries)]


def any_country_choices() -> list[tuple[str, str]]:
    return [("", str(_("Any country"))), *((code, str(name)) for code, name in countries)]


class HostSignInForm(GuardedForm):
    """Sign up or sign in as a host: a link goes to the address."""

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We email you a link to sign in. No password."),
        validators=[MailableEmailValidator()],
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    organisation = forms.CharField(
        label=_("School, group or organisation"), max_length=200, required=False
    )


class EventForm(forms.Form):
    """A host's event. Times are typed in the event's own time zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    kind = forms.ChoiceField(label=_("Kind of event"), choices=Event.Kind.choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    starts = forms.DateTimeField(
        label=_("Starts"),
        help_text=_("Date and time in the event's time zone."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends = forms.DateTimeField(
        label=_("Ends"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    mode = forms.ChoiceField(
        label=_("Where"), choices=Event.Mode.choices, widget=forms.RadioSelect, initial="in_person"
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=200,
        required=False,
        help_text=_("For an event at home, only the city is shown to the public."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    online_link = forms.URLField(
        label=_("Link to join"),
        required=False,
        assume_scheme="https",
        help_text=_("Only people who confirmed they are coming get this link."),
    )
    is_public = forms.BooleanField(
        label=_("List this event publicly"),
        required=False,
        initial=True,
        help_text=_("A private event is reached only by its link."),
    )
    expected_attendees = forms.IntegerField(
        label=_("Expected attendees"), min_value=1, max_value=LARGEST_EVENT
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=LARGEST_EVENT,
        required=False,
        help_text=_("Leave empty for no limit."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    cases: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Cases you will write for"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        cases_field = cast(forms.ModelMultipleChoiceField, self.fields["cases"])  # type: ignore[type-arg]
        cases_field.queryset = cases_for_events(campaign=campaign)

    @classmethod
    def initial_of(cls, event: Event) -> dict[str, Any]:
        zone = zoneinfo.ZoneInfo(event.time_zone)
        return {
            "title": event.title,
            "description": event.description,
            "kind": event.kind,
            "time_zone": event.time_zone,
            "starts": timezone.localtime(event.starts_at, zone).replace(tzinfo=None),
            "ends": timezone.localtime(event.ends_at, zone).replace(tzinfo=None),
            "mode": event.mode,
            "venue": event.venue,
            "city": event.city,
            "country": str(event.country),
            "online_link": event.online_link,
            "is_public": event.is_public,
            "expected_attendees": event.expected_attendees,
            "capacity": event.capacity,
            "languages": event.languages,
            "cases": list(event.cases.all()),
        }

    def _aware(self, value: datetime | None, zone: zoneinfo.ZoneInfo) -> datetime | None:
        if value is None:
            return None
        # The typed time is the event's local time, whatever zone the server parsed it in.
        return value.replace(tzinfo=None).replace(tzinfo=zone)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        zone = zoneinfo.ZoneInfo(zone_name)
        starts = self._aware(cleaned.get("starts"), zone)
        ends = self._aware(cleaned.get("ends"), zone)
        now = timezone.now()
        if starts is not None:
            if starts <= now:
                self.add_error("starts", _("The start is in the past. Choose a time to come."))
            elif starts > now + FURTHEST_AHEAD:
                self.add_error("starts", _("The start is more than a year away."))
            elif not self._in_campaign_window(starts):
                self.add_error("starts", _("The start is after the campaign ends."))
        if starts is not None and ends is not None:
            if ends <= starts:
                self.add_error("ends", _("The end must come after the start."))
            elif ends - starts > LONGEST_EVENT:
                self.add_error("ends", _("An event can last three days at most."))
        cleaned["starts_at"], cleaned["ends_at"] = starts, ends
        self._check_place(cleaned)
        attendees, capacity = cleaned.get("expected_attendees"), cleaned.get("capacity")
        if attendees and capacity and attendees > capacity:
            self.add_error("capacity", _("There are fewer places than expected attendees."))
        return cleaned

    def _in_campaign_window(self, starts: datetime) -> bool:
        closes_at: datetime | None = self.campaign.closes_at
        # A campaign whose window has passed leaves only the year-ahead rule.
        if closes_at is None or closes_at < timezone.now():
            return True
        return starts <= closes_at

    def _check_place(self, cleaned: dict[str, Any]) -> None:
        if cleaned.get("mode") == Event.Mode.ONLINE:
            if not cleaned.get("online_link"):
                self.add_error("online_link", _("Give the link people use to join."))
        elif cleaned.get("mode") == Event.Mode.IN_PERSON:
            if not cleaned.get("city", "").strip():
                self.add_error("city", _("Say in which city the event is."))
            if not cleaned.get("venue", "").strip():
                self.add_error("venue", _("Say where the event is."))

    def details(self) -> EventDetails:
        data = self.cleaned_data
        return EventDetails(
            title=data["title"].strip(),
            description=data["description"].strip(),
            kind=data["kind"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            time_zone=data["time_zone"],
            mode=data["mode"],
            venue=data["venue"].strip(),
            city=data["city"].strip(),
            country=data["country"],
            online_link=data["online_link"],
            is_public=data["is_public"],
            expected_attendees=data["expected_attendees"],
            capacity=data["capacity"],
            languages=list(data["languages"]),
            cases=list(data["cases"]),
        )


class RsvpForm(GuardedForm):
    name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We email you a link to confirm. Only the host sees your address."),
        validators=[MailableEmailValidator()],
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class HostMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


class FinderForm(forms.Form):
    """The finder's filters: in the address, so that a search can be shared and works
    without JavaScript."""

    country = forms.ChoiceField(label=_("Country"), choices=any_country_choices, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    day_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    day_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tz = forms.ChoiceField(
        label=_("Also show times in"),
        choices=lambda: [("", _("Only the event's time zone")), *time_zone_choices()],
        required=False,
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        required=False,
        help_text=_("The host reads it in an email. Needed when you refuse."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "refuse" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why, for the host."))
        return cleaned


class StaffEventFilterForm(forms.Form):
    section: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Section"), queryset=None, required=False
    )
    country = forms.ChoiceField(label=_("Country"), choices=any_country_choices, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of event"), choices=[("", _("Any kind")), *Event.Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Event.Status.choices], required=False
    )

    def __init__(self, *args: Any, sections: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        section_field = cast(forms.ModelChoiceField, self.fields["section"])  # type: ignore[type-arg]
        section_field.queryset = sections
