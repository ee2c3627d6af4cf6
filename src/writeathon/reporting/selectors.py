"""Reads of the counters. Pages and /counter.json read the tallies, never COUNT(*) of actions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet, Sum
from django.utils import timezone

from writeathon.actions.models import (
    Tally,
    TallyByCountry,
    TallyByDay,
    TallyRepair,
)
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.selectors import campaign_past_editions, content_version
from writeathon.core.cache import cache_delete, cache_get, cache_set
from writeathon.core.vocabulary import Source
from writeathon.reporting.models import FunnelCount
from writeathon.reporting.services import CACHED_STAGES, funnel_key


@dataclass(frozen=True)
class CounterSnapshot:
    campaign: str
    total: int
    online_total: int
    goal: int
    cases: dict[str, int]
    updated_at: datetime

    @property
    def goal_percent(self) -> int:
        if not self.goal:
            return 0
        return min(100, self.total * 100 // self.goal)

    def as_json(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "total": self.total,
            "goal": self.goal,
            "cases": [{"slug": slug, "total": n} for slug, n in self.cases.items()],
            "updated_at": self.updated_at.isoformat(),
        }


def _cache_key(campaign: Campaign) -> str:
    # A staff change to the campaign (a case published, the offline total) shows at once.
    return f"counter:v1:{campaign.pk}:{content_version()}"


def counter_snapshot(*, campaign: Campaign) -> CounterSnapshot:
    """The campaign's live count, read from the tallies and cached for a few seconds."""
    key = _cache_key(campaign)
    cached = cache_get(key)
    if isinstance(cached, CounterSnapshot):
        return cached
    sums = dict(
        TallyByCountry.objects.filter(campaign=campaign)
        .values("case_id")
        .annotate(n=Sum("total"))
        .values_list("case_id", "n")
    )
    cases = {
        slug: int(sums.get(pk, 0) or 0)
        for pk, slug in Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED)
        .order_by("position", "pk")
        .values_list("pk", "slug")
    }
    online = sum(int(n or 0) for n in sums.values())
    snapshot = CounterSnapshot(
        campaign=campaign.slug,
        total=online + campaign.offline_total,
        online_total=online,
        goal=campaign.goal,
        cases=cases,
        updated_at=timezone.now(),
    )
    cache_set(key, snapshot, settings.COUNTER_CACHE_SECONDS)
    return snapshot


def counter_forget(*, campaign: Campaign) -> None:
    """Drop the cached count, so the next read shows a change at once (used after staff edits)."""
    cache_delete(_cache_key(campaign))


# A section's own count on its page: at most this old.
SECTION_COUNT_SECONDS = 10


def section_total(*, campaign: Campaign, section_id: int) -> int:
    """What a section's supporters did for the campaign (their confirmed actions and the
    counts reported for the section), read from the tallies and cached for a few seconds."""
    key = f"section-total:v2:{campaign.pk}:{section_id}"
    cached = cache_get(key)
    if isinstance(cached, int):
        return cached
    total = int(
        Tally.objects.filter(campaign=campaign, section_id=section_id).aggregate(n=Sum("total"))[
            "n"
        ]
        or 0
    )
    cache_set(key, total, SECTION_COUNT_SECONDS)
    return total


# --- The staff reports (/staff/reports/) ---------------------------------------------------------

# How long a report's figures may be served from the cache: pages are fresh within this.
REPORT_CACHE_SECONDS = 10


@dataclass(frozen=True)
class ReportFilters:
    """What a report covers: one campaign, the sections its reader may see (all, or these),
    and the filters they chose."""

    campaign_id: int
    all_sections: bool
    section_ids: frozenset[int] = frozenset()
    section_id: int | None = None
    day_from: date | None = None
    day_to: date | None = None
    case_id: int | None = None
    channel: str = ""

    def cache_key(self) -> str:
        parts = [
            self.campaign_id,
            int(self.all_sections),
            ",".join(str(pk) for pk in sorted(self.section_ids)),
            self.section_id or "",
            self.day_from or "",
            self.day_to or "",
            self.case_id or "",
            self.channel,
        ]
        return "report:v1:" + ":".join(str(part) for part in parts)


@dataclass(frozen=True)
class ReportFigures:
    """A report's numbers, keyed by ids and codes (names are the page's business)."""

    total: int
    by_case: dict[int, int]
    by_country: dict[str, int]
    by_channel: dict[str, int]
    by_source: dict[str, int]
    by_day: dict[date, int]
    by_case_and_country: dict[tuple[int, str], int]
    funnel: dict[str, int]
    public_total: int
    goal: int
    editions: list[tuple[str, int, bool, bool]]
    updated_at: datetime


def _tallies(filters: ReportFilters, model: type[Any] = Tally) -> QuerySet[Any]:
    """The rows of `model` (Tally, TallyByCountry, TallyByDay) the filters cover."""
    rows: QuerySet[Any] = model._default_manager.filter(campaign_id=filters.campaign_id)
    if not filters.all_sections:
        rows = rows.filter(section_id__in=sorted(filters.section_ids))
    if filters.section_id is not None:
        rows = rows.filter(section_id=filters.section_id)
    if filters.day_from is not None:
        rows = rows.filter(day__gte=filters.day_from)
    if filters.day_to is not None:
        rows = rows.filter(day__lte=filters.day_to)
    if filters.case_id is not None:
        rows = rows.filter(case_id=filters.case_id)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    return rows


def _grouped(
    rows: QuerySet[Any], groupings: list[tuple[str, ...]]
) -> dict[tuple[str, ...], dict[Any, int]]:
    """Sums of `total` by each grouping of fields: {grouping: {key: sum}}, a key being the
    value of a one-field grouping, else a tuple. On PostgreSQL one scan computes them all
    (GROUPING SETS); elsewhere one GROUP BY each."""
    found: dict[tuple[str, ...], dict[Any, int]] = {grouping: {} for grouping in groupings}

    def keyed(grouping: tuple[str, ...], values: tuple[Any, ...]) -> Any:
        values = tuple(
            str(v) if field == "country" else v for field, v in zip(grouping, values, strict=True)
        )
        return values[0] if len(values) == 1 else values

    if connection.vendor != "postgresql":
        for grouping in groupings:
            for *values, n in (
                rows.values(*grouping)
                .annotate(n=Sum("total"))
                .order_by()
                .values_list(*grouping, "n")
            ):
                if n:
                    found[grouping][keyed(grouping, tuple(values))] = int(n)
        return found
    fields = sorted({field for grouping in groupings for field in grouping})
    # GROUPING(fields...) sets a bit, from the left, for each field summed over.
    masks = {
        sum(1 << (len(fields) - 1 - i) for i, f in enumerate(fields) if f not in grouping): grouping
        for grouping in groupings
    }
    inner, params = rows.values(*fields, "total").query.sql_with_params()
    columns = ", ".join(connection.ops.quote_name(f) for f in fields)
    sets = ", ".join(
        "(" + ", ".join(connection.ops.quote_name(f) for f in grouping) + ")"
        for grouping in groupings
    )
    # Django's own SQL for the filtered rows, values passed as parameters.
    sql = (
        f"SELECT {columns}, GROUPING({columns}), SUM(total) "  # noqa: S608
        f"FROM ({inner}) AS t GROUP BY GROUPING SETS ({sets})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for *values, mask, total in cursor.fetchall():
            if not total:
                continue
            grouping = masks[mask]
            by_field = dict(zip(fields, values, strict=True))
            found[grouping][keyed(grouping, tuple(by_field[f] for f in grouping))] = int(total)
    return found


@dataclass(frozen=True)
class _Breakdowns:
    by_case: dict[int, int]
    by_country: dict[str, int]
    by_channel: dict[str, int]
    by_source: dict[str, int]
    by_day: dict[date, int]
    by_case_and_country: dict[tuple[int, str], int]


def _breakdowns(filters: ReportFilters) -> _Breakdowns:
    """The report's sums by case, country, channel, source, day, and case and country.

    Undated, all but the days come from the tallies by country (no day: a few thousand
    rows) and the days from the tallies by day (no country). With dates, the tallies by day
    give all but the countries, which come from the tallies by key."""
    dated = filters.day_from is not None or filters.day_to is not None
    case, country, channel, source, day = (
        ("case_id",),
        ("country",),
        ("channel",),
        ("source",),
        ("day",),
    )
    both = ("case_id", "country")
    if dated:
        daily = _grouped(_tallies(filters, TallyByDay), [case, channel, source, day])
        countries = _grouped(_tallies(filters, Tally), [country, both])
        found = {**daily, **countries}
    else:
        undated = replace(filters, day_from=None, day_to=None)
        found = _grouped(_tallies(undated, TallyByCountry), [case, country, channel, source, both])
        found.update(_grouped(_tallies(undated, TallyByDay), [day]))
    return _Breakdowns(
        by_case=found[case],
        by_country=found[country],
        by_channel=found[channel],
        by_source=found[source],
        by_day=dict(sorted(found[day].items())),
        by_case_and_country=found[both],
    )


def _funnel(filters: ReportFilters) -> dict[str, int]:
    """The way to an action, for the campaign's web visitors: views, forms sent and actions
    recorded (counted in the cache, flushed to FunnelCount), confirmed (the tallies of
    online actions) and delivered (counted from the outbox). By case and day only: a page
    view belongs to no section or channel."""
    rows = FunnelCount.objects.filter(campaign_id=filters.campaign_id)
    tallies = TallyByDay.objects.filter(campaign_id=filters.campaign_id, source=Source.ONLINE)
    if filters.case_id is not None:
        rows = rows.filter(case_id=filters.case_id)
        tallies = tallies.filter(case_id=filters.case_id)
    if filters.day_from is not None:
        rows = rows.filter(day__gte=filters.day_from)
        tallies = tallies.filter(day__gte=filters.day_from)
    if filters.day_to is not None:
        rows = rows.filter(day__lte=filters.day_to)
        tallies = tallies.filter(day__lte=filters.day_to)
    funnel = dict.fromkeys(FunnelCount.Stage.values, 0)
    for stage, n in rows.values("stage").annotate(n=Sum("count")).values_list("stage", "n"):
        funnel[stage] = int(n or 0)
    # What the cache holds and the periodic flush has not moved yet.
    today = timezone.localdate()
    cases = (
        [filters.case_id]
        if filters.case_id is not None
        else list(Case.objects.filter(campaign_id=filters.campaign_id).values_list("pk", flat=True))
    )
    days = [
        day
        for day in (today - timedelta(days=1), today)
        if (filters.day_from is None or day >= filters.day_from)
        and (filters.day_to is None or day <= filters.day_to)
    ]
    keys = {
        funnel_key(stage=stage, case_id=case_id, day=day): stage
        for stage in CACHED_STAGES
        for case_id in cases
        for day in days
    }
    if keys:
        try:
            pending = cache.get_many(list(keys))
        except Exception:
            pending = {}
        for key, value in pending.items():
            funnel[keys[key]] += max(0, int(value or 0))
    confirmed = tallies.aggregate(n=Sum("total"))["n"]
    funnel = {
        FunnelCount.Stage.VIEWED: funnel[FunnelCount.Stage.VIEWED],
        FunnelCount.Stage.STARTED: funnel[FunnelCount.Stage.STARTED],
        FunnelCount.Stage.SUBMITTED: funnel[FunnelCount.Stage.SUBMITTED],
        "confirmed": int(confirmed or 0),
        FunnelCount.Stage.DELIVERED: funnel[FunnelCount.Stage.DELIVERED],
    }
    return funnel


def _editions(campaign: Campaign, current_total: int) -> list[tuple[str, int, bool, bool]]:
    """(label, total, approximate, is this edition) for past editions and this one."""
    rows = [
        (
            str(edition.year or edition.name),
            counter_snapshot(campaign=edition).total,
            edition.total_is_approximate,
            False,
        )
        for edition in campaign_past_editions(exclude=campaign)
    ]
    rows.append(
        (
            str(campaign.year or campaign.name),
            current_total,
            False,
            True,
        )
    )
    return sorted(rows, key=lambda row: row[0])


def report_figures(*, campaign: Campaign, filters: ReportFilters) -> ReportFigures:
    """The figures of the staff reports: sums of the tallies (never a count of actions),
    cached for REPORT_CACHE_SECONDS per reader's scope and filters."""
    key = filters.cache_key()
    cached = cache_get(key)
    if isinstance(cached, ReportFigures):
        return cached
    sums = _breakdowns(filters)
    public = counter_snapshot(campaign=campaign)
    figures = ReportFigures(
        total=sum(sums.by_case.values()),
        by_case=sums.by_case,
        by_country=sums.by_country,
        by_channel=sums.by_channel,
        by_source=sums.by_source,
        by_day=sums.by_day,
        by_case_and_country=sums.by_case_and_country,
        funnel=_funnel(filters),
        public_total=public.total,
        goal=campaign.goal,
        editions=_editions(campaign, public.total),
        updated_at=timezone.now(),
    )
    cache_set(key, figures, REPORT_CACHE_SECONDS)
    return figures


def report_cases(*, campaign: Campaign) -> list[Case]:
    """The campaign's cases, in their order, for the report's names and filters."""
    return list(Case.objects.filter(campaign=campaign).order_by("position", "pk"))


def report_campaigns() -> list[Campaign]:
    """Campaigns a report can cover: open and closed ones, newest first."""
    return list(Campaign.objects.exclude(status=Campaign.Status.DRAFT).order_by("-opens_at", "-pk"))


def report_repairs(*, campaign: Campaign, filters: ReportFilters, limit: int = 20) -> list[Any]:
    """The latest drifts the reconciliation repaired in what the reader may see."""
    repairs = TallyRepair.objects.filter(campaign=campaign)
    if not filters.all_sections:
        repairs = repairs.filter(section_id__in=sorted(filters.section_ids))
    return list(repairs.select_related("case")[:limit])
