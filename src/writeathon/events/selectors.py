"""Reads of write-a-thons: the public finder, an event's page, a host's events, staff lists."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, time_format

from writeathon.campaigns.models import Campaign, Case, campaign_open_q
from writeathon.events.models import Event, Host, Rsvp
from writeathon.sections.access import scope_queryset

# The finder lists at most this many events on one page.
FINDER_PAGE_SIZE = 50


def campaign_for_events() -> Campaign | None:
    """The campaign new events are for: the newest open one."""
    return (
        Campaign.objects.filter(campaign_open_q(timezone.now()))
        .order_by("-opens_at", "-pk")
        .first()
    )


def cases_for_events(*, campaign: Campaign) -> QuerySet[Case]:
    return Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED).order_by(
        "position", "pk"
    )


def events_listed(
    *,
    country: str = "",
    city: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
    now: datetime | None = None,
) -> QuerySet[Event]:
    """Events anyone may find: approved, public, not over. Private events never appear."""
    now = now or timezone.now()
    events = Event.objects.filter(
        status=Event.Status.APPROVED, is_public=True, ends_at__gt=now
    ).select_related("campaign")
    if country:
        events = events.filter(country=country)
    if city:
        events = events.filter(city__iexact=city.strip())
    # Dates are the event's own: a day runs from midnight UTC minus the widest offset to
    # the next midnight plus it, then each event's local date decides (see _local_day).
    if day_from is not None:
        events = events.filter(ends_at__gte=_day_start(day_from) - timedelta(hours=14))
    if day_to is not None:
        events = events.filter(starts_at__lt=_day_start(day_to) + timedelta(days=1, hours=12))
    return events.order_by("starts_at", "pk")


def events_on_days(
    events: QuerySet[Event], *, day_from: date | None, day_to: date | None
) -> list[Event]:
    """Those of `events` whose local start date (in the event's own zone) is in the range."""
    found = []
    for event in events[: FINDER_PAGE_SIZE * 4]:
        day = local_start(event).date()
        if (day_from is None or day >= day_from) and (day_to is None or day <= day_to):
            found.append(event)
        if len(found) >= FINDER_PAGE_SIZE:
            break
    return found


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zoneinfo.ZoneInfo("UTC"))


def events_by_country(*, now: datetime | None = None) -> dict[str, int]:
    """How many listed events each country has (ISO code: count), for the world overview."""
    rows = (
        events_listed(now=now)
        .order_by()
        .values("country")
        .annotate(total=Count("pk"))
        .values_list("country", "total")
    )
    return {str(country): int(total) for country, total in rows}


def event_public_get(*, public_id: Any) -> Event | None:
    """An event as the public may see it, by its unguessable id: approved (listed or not).
    A cancelled one is shown as cancelled; one waiting for review or refused is not shown."""
    return (
        Event.objects.select_related("campaign", "host")
        .filter(public_id=public_id, status__in=[Event.Status.APPROVED, Event.Status.CANCELLED])
        .first()
    )


def host_events(*, host: Host) -> QuerySet[Event]:
    return Event.objects.filter(host=host).order_by("-starts_at", "-pk")


def host_event_get(*, host: Host, public_id: Any) -> Event | None:
    return Event.objects.filter(host=host, public_id=public_id).first()


@dataclass(frozen=True)
class Attendance:
    coming: list[Rsvp]
    waiting: int
    cancelled: int

    @property
    def count(self) -> int:
        return len(self.coming)


def event_attendance(*, event: Event) -> Attendance:
    rsvps = list(Rsvp.objects.filter(event=event).order_by("name", "pk"))
    return Attendance(
        coming=[r for r in rsvps if r.status == Rsvp.Status.CONFIRMED],
        waiting=sum(r.status == Rsvp.Status.PENDING for r in rsvps),
        cancelled=sum(r.status == Rsvp.Status.CANCELLED for r in rsvps),
    )


def places_left(*, event: Event) -> int | None:
    if event.capacity is None:
        return None
    taken = Rsvp.objects.filter(event=event, status=Rsvp.Status.CONFIRMED).count()
    return max(0, event.capacity - taken)


def events_for_staff(
    *,
    user: Any,
    section_id: int | None = None,
    country: str = "",
    kind: str = "",
    status: str = "",
) -> QuerySet[Event]:
    """Events a staff member may see (their section's, or all for international staff)."""
    events = scope_queryset(
        user,
        Event.objects.select_related("host", "section", "campaign").annotate(
            coming=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.CONFIRMED))
        ),
        section_path="section",
    )
    if section_id:
        events = events.filter(section_id=section_id)
    if country:
        events = events.filter(country=country)
    if kind:
        events = events.filter(kind=kind)
    if status:
        events = events.filter(status=status)
    return events.order_by("starts_at", "pk")


# --- Times ---------------------------------------------------------------------------------------


def local_start(event: Event) -> datetime:
    return timezone.localtime(event.starts_at, zoneinfo.ZoneInfo(event.time_zone))


def local_end(event: Event) -> datetime:
    return timezone.localtime(event.ends_at, zoneinfo.ZoneInfo(event.time_zone))


def time_range_text(starts: datetime, ends: datetime, zone_name: str) -> str:
    """ "Thursday 10 December 2026, 15:00-17:00 (Asia/Tokyo)", in the active language."""
    start_text = f"{date_format(starts, 'DATE_FORMAT')}, {time_format(starts, 'TIME_FORMAT')}"
    if starts.date() == ends.date():
        end_text = time_format(ends, "TIME_FORMAT")
    else:
        end_text = f"{date_format(ends, 'DATE_FORMAT')}, {time_format(ends, 'TIME_FORMAT')}"
    return f"{start_text} \u2013 {end_text} ({zone_name})"


def event_when(event: Event) -> str:
    """When the event is, in its own time zone, with the zone's name."""
    return time_range_text(local_start(event), local_end(event), event.time_zone)


@lru_cache(maxsize=1)
def known_time_zones() -> frozenset[str]:
    """The IANA zone names this machine knows: a name is checked against these before it is
    used (a made-up one is never looked up on disk)."""
    return frozenset(zoneinfo.available_timezones())


def event_when_for_reader(event: Event, reader_zone: str) -> str:
    """When the event is in the reader's zone, or "" when it is the event's own or unknown."""
    if not reader_zone or reader_zone == event.time_zone or reader_zone not in known_time_zones():
        return ""
    zone = zoneinfo.ZoneInfo(reader_zone)
    return time_range_text(
        timezone.localtime(event.starts_at, zone),
        timezone.localtime(event.ends_at, zone),
        reader_zone,
    )
