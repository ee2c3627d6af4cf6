"""Reads for event reports, sign-up sheets and tally imports."""

from __future__ import annotations

import math
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet, Sum

from writeathon.actions.models import CountReport, CountReportChange, Tally
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.staff import Viewer
from writeathon.core.vocabulary import Channel
from writeathon.events.models import Event
from writeathon.events.report_models import EventReport, ReportRules, TallyImport
from writeathon.sections.access import scope_queryset, staff_scope

# What a host reports, per case: the ways people act at a write-a-thon.
EVENT_CHANNELS: tuple[Channel, ...] = (
    Channel.LETTER,
    Channel.SOLIDARITY,
    Channel.SIGNATURE,
    Channel.EMAIL,
)


def report_deadline(campaign: Campaign) -> datetime | None:
    """When hosts may no longer report or correct: the campaign's reporting deadline; for a
    campaign without one, the end (in UTC) of the day EVENT_REPORT_GRACE_DAYS after it
    closes. None for a campaign with neither (reports stay open)."""
    if campaign.reporting_deadline is not None:
        return campaign.reporting_deadline
    if campaign.closes_at is None:
        return None
    last_day = campaign.closes_at.astimezone(UTC).date() + timedelta(
        days=settings.EVENT_REPORT_GRACE_DAYS
    )
    return datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=UTC)


def _deadline_between(after: datetime | None, before: datetime | None) -> Q:
    """Events whose campaign's report deadline (as report_deadline reads it) falls after
    `after` and before `before` (None: no bound). A campaign with no deadline at all counts
    as one far in the future."""
    grace = timedelta(days=settings.EVENT_REPORT_GRACE_DAYS + 1)
    own = Q(campaign__reporting_deadline__isnull=False)
    derived = Q(campaign__reporting_deadline__isnull=True, campaign__closes_at__isnull=False)
    if after is not None:
        own &= Q(campaign__reporting_deadline__gt=after)
        derived &= Q(campaign__closes_at__gt=after - grace)
    if before is not None:
        own &= Q(campaign__reporting_deadline__lte=before)
        derived &= Q(campaign__closes_at__lte=before - grace + timedelta(days=1))
    never = Q(campaign__reporting_deadline__isnull=True, campaign__closes_at__isnull=True)
    return own | derived | (never if before is None else Q(pk__in=[]))


def event_local_day(event: Event) -> date:
    """The day the event took place where it took place (its time zone)."""
    return event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone)).date()


def event_report_opens(event: Event) -> datetime:
    """Reports open when the event starts (a host may report that evening)."""
    return event.starts_at


def event_report_is_open(event: Event, *, now: datetime) -> bool:
    """Whether the host may report or correct now: the event is approved, has started,
    and the campaign's deadline has not passed."""
    if event.status != Event.Status.APPROVED or now < event_report_opens(event):
        return False
    deadline = report_deadline(event.campaign)
    return deadline is None or now < deadline


def event_cases(event: Event) -> list[Case]:
    """The cases a host reports on: those the event wrote for, or else every published
    case of its campaign."""
    chosen = list(event.cases.filter(status=Case.Status.PUBLISHED).order_by("position", "pk"))
    if chosen:
        return chosen
    return list(
        Case.objects.filter(campaign=event.campaign, status=Case.Status.PUBLISHED).order_by(
            "position", "pk"
        )
    )


def event_line_reference(event: Event, case: Case, channel: str) -> str:
    return f"{event.count_reference_prefix}{case.pk}:{channel}"


def event_lines(event: Event) -> QuerySet[CountReport]:
    """The event's CountReports, one per case and channel reported."""
    return CountReport.objects.filter(
        reference__startswith=event.count_reference_prefix
    ).select_related("case")


def event_line_counts(event: Event) -> dict[tuple[int, str], int]:
    """What the host reported, by (case id, channel), withdrawn lines included."""
    return {(r.case_id, r.channel): r.count for r in event_lines(event)}


def event_history(event: Event) -> QuerySet[CountReportChange]:
    """Every change to the event's counts, oldest first: what hosts and staff read."""
    return (
        CountReportChange.objects.filter(report__reference__startswith=event.count_reference_prefix)
        .select_related("report", "report__case", "changed_by")
        .order_by("changed_at", "pk")
    )


def actions_per_attendee_hour(campaign: Campaign) -> int:
    rules = ReportRules.objects.filter(campaign=campaign).first()
    if rules is not None:
        return rules.actions_per_attendee_hour
    return int(settings.EVENT_ACTIONS_PER_ATTENDEE_HOUR)


@dataclass(frozen=True)
class Plausibility:
    limit: int
    hours: int
    ratio: int


def event_plausibility(event: Event, *, attendees: int) -> Plausibility:
    """The most a report on the event may hold before staff look at it: attendees x hours
    (rounded up, at least one) x the campaign's ratio."""
    hours = max(1, math.ceil((event.ends_at - event.starts_at).total_seconds() / 3600))
    ratio = actions_per_attendee_hour(event.campaign)
    return Plausibility(limit=attendees * hours * ratio, hours=hours, ratio=ratio)


def event_counted_total(event: Event) -> int:
    return int(
        event_lines(event).filter(status=CountReport.Status.COUNTED).aggregate(n=Sum("count"))["n"]
        or 0
    )


def campaign_total(campaign: Campaign) -> int:
    """Everything the campaign counted: the tallies (actions and counted reports)."""
    return int(Tally.objects.filter(campaign=campaign).aggregate(n=Sum("total"))["n"] or 0)


def event_share_percent(event: Event) -> tuple[int, int, str]:
    """The event's counted total, the campaign's, and the event's share (one decimal)."""
    mine = event_counted_total(event)
    total = campaign_total(event.campaign)
    share = f"{mine * 100 / total:.1f}" if total else "0.0"
    return mine, total, share


def held_event_reports(*, user: Viewer) -> QuerySet[EventReport]:
    """Reports held for review that `user`'s sections cover, oldest first."""
    return scope_queryset(
        user,
        EventReport.objects.filter(status=EventReport.Status.HELD)
        .select_related("event", "event__host", "event__campaign")
        .order_by("updated_at", "pk"),
        section_path="event__section",
    )


def event_report_for_staff(*, user: Viewer, report_id: int) -> EventReport | None:
    return (
        scope_queryset(
            user,
            EventReport.objects.select_related("event", "event__host", "event__campaign"),
            section_path="event__section",
        )
        .filter(pk=report_id)
        .first()
    )


def tally_imports_visible(*, user: Viewer) -> QuerySet[TallyImport]:
    """The imports `user` may see: their section's (international staff: every one)."""
    scope = staff_scope(user)
    imports = TallyImport.objects.select_related("campaign", "uploaded_by", "section")
    if scope.all_sections:
        return imports
    if scope.is_empty:
        return imports.none()
    return imports.filter(section_id__in=sorted(scope.section_ids))


def tally_import_earlier(tally_import: TallyImport) -> TallyImport | None:
    """An earlier import of the same file that ran: running it again counts nothing."""
    return (
        TallyImport.objects.filter(sha256=tally_import.sha256, status=TallyImport.Status.DONE)
        .exclude(pk=tally_import.pk)
        .order_by("finished_at")
        .first()
    )


def events_awaiting_report(*, now: datetime) -> QuerySet[Event]:
    """Approved events that ended, with no report, whose campaign still takes reports."""
    # Campaigns whose deadline passed are left out in the query (event_report_is_open
    # decides exactly), so the job reads only this season's events.
    return Event.objects.filter(
        _deadline_between(now - timedelta(days=1), None),
        status=Event.Status.APPROVED,
        ends_at__lte=now,
        report__isnull=True,
    ).select_related("host", "campaign")


def events_to_thank(*, now: datetime, within_days: int) -> QuerySet[Event]:
    """Approved events that took place, of campaigns whose deadline passed within the last
    `within_days` days (older campaigns are not written to on a first run)."""
    return Event.objects.filter(
        _deadline_between(now - timedelta(days=within_days + 1), now + timedelta(days=1)),
        status=Event.Status.APPROVED,
    ).select_related("host", "campaign")
