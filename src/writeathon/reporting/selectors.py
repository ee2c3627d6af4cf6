"""Reads of the counters. Pages and /counter.json read the tallies, never COUNT(*) of actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from writeathon.actions.models import Action, CountReport, Tally
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.selectors import content_version
from writeathon.core.cache import cache_delete, cache_get, cache_set


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
        Tally.objects.filter(campaign=campaign)
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
    """What a section's supporters did for the campaign: their confirmed actions and the
    counts reported for the section (events, imports, partners), cached for a few seconds."""
    key = f"section-total:v1:{campaign.pk}:{section_id}"
    cached = cache_get(key)
    if isinstance(cached, int):
        return cached
    actions = Action.objects.filter(
        campaign=campaign, status=Action.Status.CONFIRMED, supporter__section_id=section_id
    ).count()
    reported = (
        CountReport.objects.filter(
            campaign=campaign, section_id=section_id, status=CountReport.Status.COUNTED
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )
    total = actions + int(reported)
    cache_set(key, total, SECTION_COUNT_SECONDS)
    return total
