"""Reporting's writes: the funnel of the staff reports.

Case-page views and forms sent come at the rate of page requests, so a request never
writes to the database for them: it adds 1 to a counter in the cache (Redis, shared by
every process), and a periodic job moves what the counters hold into FunnelCount. The
delivered step is counted from the outbox by the same kind of job.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from writeathon.campaigns.models import Case, campaign_open_q
from writeathon.core.counters import counter_add
from writeathon.delivery.selectors import deliveries_delivered_by_case_and_day
from writeathon.reporting.models import FunnelCount

logger = logging.getLogger(__name__)

# The stages counted in the cache, per request.
CACHED_STAGES = (
    FunnelCount.Stage.VIEWED,
    FunnelCount.Stage.STARTED,
    FunnelCount.Stage.SUBMITTED,
)
# A counter outlives the job that flushes it by far, so no count expires unflushed.
_COUNTER_SECONDS = 3 * 24 * 3600


def funnel_key(*, stage: str, case_id: int, day: date) -> str:
    return f"funnel:v1:{stage}:{case_id}:{day.isoformat()}"


def funnel_hit(*, stage: FunnelCount.Stage, case_id: int, day: date) -> None:
    """Count one visitor at `stage` of `case` today: one cache increment, no database
    write. A cache that is away loses the count (logged), never the page."""
    key = funnel_key(stage=stage, case_id=case_id, day=day)
    try:
        cache.add(key, 0, _COUNTER_SECONDS)
        cache.incr(key)
    except Exception:
        logger.warning("Cache unavailable: funnel count %s lost", key, exc_info=True)


def _funnel_cases() -> list[tuple[int, int]]:
    return list(
        Case.objects.filter(campaign_open_q(timezone.now(), prefix="campaign__")).values_list(
            "pk", "campaign_id"
        )
    )


def funnel_flush(*, today: date) -> int:
    """Move the cached counts of today and yesterday into FunnelCount; returns how many
    were moved. The cache counter is decreased by what was read, so hits counted
    meanwhile stay for the next flush."""
    moved = 0
    days = (today - timedelta(days=1), today)
    cases = _funnel_cases()
    keys = {
        funnel_key(stage=stage, case_id=case_id, day=day): (case_id, campaign_id, stage, day)
        for case_id, campaign_id in cases
        for stage in CACHED_STAGES
        for day in days
    }
    try:
        found = cache.get_many(list(keys))
    except Exception:
        logger.warning("Cache unavailable: funnel not flushed", exc_info=True)
        return 0
    for key, value in found.items():
        count = int(value or 0)
        if count <= 0:
            continue
        case_id, campaign_id, stage, day = keys[key]
        cache.decr(key, count)
        try:
            with transaction.atomic():
                counter_add(
                    FunnelCount,
                    key={"case_id": case_id, "stage": stage, "day": day},
                    amounts={"count": count},
                    defaults={"campaign_id": campaign_id},
                )
        except Exception:
            cache.incr(key, count)  # back to the cache for the next flush
            raise
        moved += count
    return moved


@transaction.atomic
def funnel_delivered_refresh(*, since: date) -> int:
    """Recount the deliveries made from `since` on, per case and day, from the outbox;
    returns how many (case, day) figures were written."""
    rows = deliveries_delivered_by_case_and_day(since=since)
    FunnelCount.objects.filter(stage=FunnelCount.Stage.DELIVERED, day__gte=since).delete()
    FunnelCount.objects.bulk_create(
        FunnelCount(
            campaign_id=campaign_id,
            case_id=case_id,
            stage=FunnelCount.Stage.DELIVERED,
            day=day,
            count=n,
        )
        for campaign_id, case_id, day, n in rows
    )
    return len(rows)


def funnel_periodic_flush() -> None:
    """The periodic job: the cached counts into the table."""
    funnel_flush(today=timezone.localdate())


def funnel_periodic_delivered() -> None:
    """The periodic job: yesterday's and today's deliveries, recounted."""
    funnel_delivered_refresh(since=timezone.localdate() - timedelta(days=1))
