"""A campaign's window in words and in its own time zone: when it opens, how long is left,
when it closed."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from writeathon.campaigns.models import Campaign


def window_local(value: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """`value` as a wall-clock time in `zone`, without its zone (for a form's input)."""
    return timezone.localtime(value, zone).replace(tzinfo=None)


def window_in_zone(value: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The moment a staff member meant by the wall-clock time `value` typed for `zone`.

    Forms read a typed time in the current time zone; the typed digits are kept and read
    in the campaign's zone instead."""
    if timezone.is_aware(value):
        value = timezone.make_naive(value, timezone.get_current_timezone())
    return value.replace(tzinfo=zone)


def time_left(delta: timedelta) -> str:
    """A duration as people say it: "3 days", "5 hours", "12 minutes" (rounded down, at
    least one minute)."""
    seconds = max(int(delta.total_seconds()), 60)
    days = seconds // 86400
    if days >= 2:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    hours = seconds // 3600
    if hours >= 1:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    minutes = seconds // 60
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def moment(value: datetime, zone: zoneinfo.ZoneInfo) -> str:
    """A date and time in the campaign's zone, in the reader's language, with the zone's
    name ("5 October 2016, 09:00 (Asia/Tokyo)")."""
    local = timezone.localtime(value, zone)
    return _("%(date)s, %(time)s (%(zone)s)") % {
        "date": date_format(local, "DATE_FORMAT"),
        "time": local.strftime("%H:%M"),
        "zone": str(zone),
    }


@dataclass(frozen=True)
class CampaignWindow:
    """What the public pages say about a campaign's window at one moment."""

    phase: str
    headline: str
    detail: str
    opens_at: datetime | None
    closes_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.phase == Campaign.Phase.OPEN

    @property
    def is_closed(self) -> bool:
        return self.phase == Campaign.Phase.CLOSED


def campaign_window(*, campaign: Campaign, now: datetime | None = None) -> CampaignWindow:
    """The window notice of `campaign` at `now`, in the active language."""
    now = now or timezone.now()
    phase = campaign.phase_at(now)
    zone = campaign.zone
    headline = detail = ""
    if phase == Campaign.Phase.UPCOMING and campaign.opens_at is not None:
        headline = _("Opens in %(left)s") % {"left": time_left(campaign.opens_at - now)}
        detail = _("Actions open on %(when)s.") % {"when": moment(campaign.opens_at, zone)}
    elif phase == Campaign.Phase.OPEN:
        if campaign.closes_at is not None:
            headline = _("Closes in %(left)s") % {"left": time_left(campaign.closes_at - now)}
            detail = _("Open for action until %(when)s.") % {
                "when": moment(campaign.closes_at, zone)
            }
        else:
            headline = _("Open for action")
    elif phase == Campaign.Phase.CLOSED and campaign.closes_at is not None:
        headline = _("This campaign has ended")
        detail = _("It closed on %(when)s. Actions are no longer collected.") % {
            "when": moment(campaign.closes_at, zone)
        }
    return CampaignWindow(
        phase=str(phase),
        headline=headline,
        detail=detail,
        opens_at=campaign.opens_at,
        closes_at=campaign.closes_at,
    )
