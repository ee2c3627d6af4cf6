"""Writes to the counters (Tally): actions owns them, since every count derives from
confirmed actions and counted reports. Kept apart from services.py, which records and
confirms actions.

A tally is kept by key: case, section, channel, source, supporter's country and day. Each
confirmation adds 1 to one shard of its key in the transaction that confirms it; a report
moves its key by its difference. The reconciliation compares every key with the actions and
reports themselves, records and logs any drift, and repairs it.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from writeathon.actions.models import (
    Action,
    CountReport,
    Tally,
    TallyByCountry,
    TallyByDay,
    TallyRepair,
    TallyRollup,
)
from writeathon.campaigns.models import Campaign, Case, campaign_open_q
from writeathon.core.counters import counter_add

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TallyKey:
    """Where a count belongs, within one case."""

    section_id: int | None
    channel: str
    source: str
    country: str
    day: date


def tally_day(moment: datetime | None = None) -> date:
    """The day a count belongs to: the date of `moment` (now) in the site's time zone."""
    return timezone.localdate(moment) if moment is not None else timezone.localdate()


def tally_increment(
    *,
    campaign_id: int,
    case_id: int,
    channel: str,
    source: str,
    day: date,
    section_id: int | None = None,
    country: str = "",
    by: int = 1,
) -> None:
    """Add `by` (negative for a correction down) to the key's counter; call inside the
    transaction that confirms the actions or changes the report."""
    if not by:
        return
    shard = random.randrange(settings.TALLY_SHARDS)  # noqa: S311 - spreading load, not security
    common = {"case_id": case_id, "section_id": section_id, "channel": channel, "source": source}
    defaults = {"campaign_id": campaign_id}
    for model, parts in (
        (Tally, {"country": country or "", "day": day}),
        (TallyByCountry, {"country": country or ""}),
        (TallyByDay, {"day": day}),
    ):
        counter_add(
            model,
            key={**common, **parts, "shard": shard},
            amounts={"total": by},
            defaults=defaults,
        )


def tally_country_forget(*, action_ids: Iterable[int]) -> None:
    """Move the confirmed ones of these actions to "no country" in the tallies: called as
    their country is erased, so the counts by country forget it too and totals stay."""
    moves = (
        Action.objects.filter(pk__in=list(action_ids), status=Action.Status.CONFIRMED)
        .exclude(country="")
        .values_list(
            "campaign_id",
            "case_id",
            "supporter__section_id",
            "channel",
            "source",
            "country",
            "confirmed_at",
            "created_at",
        )
    )
    for campaign_id, case_id, section_id, channel, source, country, confirmed, created in moves:
        common = {"case_id": case_id, "section_id": section_id, "channel": channel}
        day = tally_day(confirmed or created)
        # The counts by day have no country: they stay. The two others move one count from
        # the country to none: out of the fullest row of the old key (no row is made), into
        # the first shard of the new one, so an erasure changes the same rows every time.
        for model, parts in ((Tally, {"day": day}), (TallyByCountry, {})):
            key = {**common, "source": source, **parts}
            fullest = (
                model._default_manager.filter(**key, country=country)
                .order_by("-total", "pk")
                .values_list("pk", flat=True)
                .first()
            )
            if fullest is None:
                continue  # nothing counted there: the reconciliation will say so
            model._default_manager.filter(pk=fullest).update(total=F("total") - 1)
            counter_add(
                model,
                key={**key, "country": "", "shard": 0},
                amounts={"total": 1},
                defaults={"campaign_id": campaign_id},
            )


def _tallied(case_id: int) -> dict[TallyKey, int]:
    rows = (
        Tally.objects.filter(case_id=case_id)
        .values("section_id", "channel", "source", "country", "day")
        .annotate(n=Sum("total"))
        .values_list("section_id", "channel", "source", "country", "day", "n")
    )
    return {
        TallyKey(section, channel, source, str(country), day): int(n)
        for section, channel, source, country, day, n in rows
        if n
    }


def _counted(case_id: int) -> dict[TallyKey, int]:
    """What the confirmed actions and the counted reports of one case say, by key."""
    counted: dict[TallyKey, int] = defaultdict(int)
    actions = (
        Action.objects.filter(case_id=case_id, status=Action.Status.CONFIRMED)
        .annotate(counted_on=TruncDate(Coalesce("confirmed_at", "created_at")))
        .values("supporter__section_id", "channel", "source", "country", "counted_on")
        .annotate(n=Count("pk"))
        .values_list("supporter__section_id", "channel", "source", "country", "counted_on", "n")
    )
    for section, channel, source, country, day, n in actions:
        counted[TallyKey(section, channel, source, str(country), day)] += n
    reports = (
        CountReport.objects.filter(case_id=case_id, status=CountReport.Status.COUNTED)
        .values("section_id", "channel", "source", "country", "day")
        .annotate(n=Sum("count"))
        .values_list("section_id", "channel", "source", "country", "day", "n")
    )
    for section, channel, source, country, day, n in reports:
        counted[TallyKey(section, channel, source, str(country), day)] += int(n or 0)
    return {key: n for key, n in counted.items() if n}


def _drifts(case_id: int) -> dict[TallyKey, tuple[int, int]]:
    """Keys whose tally differs from the count: (tallied, counted)."""
    tallied = _tallied(case_id)
    counted = _counted(case_id)
    return {
        key: (tallied.get(key, 0), counted.get(key, 0))
        for key in tallied.keys() | counted.keys()
        if tallied.get(key, 0) != counted.get(key, 0)
    }


def _key_rows(case_id: int, key: TallyKey) -> dict[str, object]:
    return {
        "case_id": case_id,
        "section_id": key.section_id,
        "channel": key.channel,
        "source": key.source,
        "country": key.country,
        "day": key.day,
    }


def _case_repair(*, campaign_id: int, case_id: int) -> list[TallyRepair]:
    with transaction.atomic():
        # Lock the case's tallies: a confirmation that has already counted commits before
        # we recount, one that has not waits and adds to the repaired figure.
        list(Tally.objects.select_for_update().filter(case_id=case_id).values_list("pk"))
        drifts = _drifts(case_id)
        repairs: list[TallyRepair] = []
        for key, (tallied, counted) in sorted(drifts.items(), key=lambda item: repr(item[0])):
            rows = Tally.objects.filter(**_key_rows(case_id, key))
            rows.delete()
            if counted:
                Tally.objects.create(
                    campaign_id=campaign_id, **_key_rows(case_id, key), shard=0, total=counted
                )
            repairs.append(
                TallyRepair(
                    campaign_id=campaign_id,
                    case_id=case_id,
                    section_id=key.section_id,
                    channel=key.channel,
                    source=key.source,
                    country=key.country,
                    day=key.day,
                    tallied=tallied,
                    counted=counted,
                )
            )
        TallyRepair.objects.bulk_create(repairs)
    for repair in repairs:
        logger.warning(
            "Tally drift repaired: case %s, section %s, channel %s, source %s, country %s, "
            "day %s: tallied %s, counted %s (%+d)",
            case_id,
            repair.section_id,
            repair.channel,
            repair.source,
            repair.country or "-",
            repair.day,
            repair.tallied,
            repair.counted,
            repair.difference,
        )
    return repairs


_ROLLUPS: tuple[tuple[type[TallyRollup], str], ...] = (
    (TallyByCountry, "country"),
    (TallyByDay, "day"),
)
_ROLLUP_KEY = ("section_id", "channel", "source")


def _rollup_drifts(
    case_id: int, model: type[TallyRollup], part: str
) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Keys of a rollup whose sum differs from the tallies by key: (rolled up, tallied)."""
    fields = (*_ROLLUP_KEY, part)

    def sums(rows: Any) -> dict[tuple[Any, ...], int]:
        found = rows.filter(case_id=case_id).values(*fields).annotate(n=Sum("total")).order_by()
        return {tuple(row[f] for f in fields): int(row["n"]) for row in found if row["n"]}

    rolled, tallied = sums(model._default_manager), sums(Tally.objects)
    return {
        key: (rolled.get(key, 0), tallied.get(key, 0))
        for key in rolled.keys() | tallied.keys()
        if rolled.get(key, 0) != tallied.get(key, 0)
    }


def _rollups_repair(*, campaign_id: int, case_id: int) -> int:
    """Bring the case's rollups back to the sums of its tallies (call with the case's
    tallies locked); returns how many keys changed."""
    changed = 0
    for model, part in _ROLLUPS:
        fields = (*_ROLLUP_KEY, part)
        for key, (rolled, tallied) in _rollup_drifts(case_id, model, part).items():
            where = dict(zip(fields, key, strict=True))
            model._default_manager.filter(case_id=case_id, **where).delete()
            if tallied:
                model._default_manager.create(
                    campaign_id=campaign_id, case_id=case_id, **where, shard=0, total=tallied
                )
            logger.warning(
                "Tally rollup repaired: %s, case %s, %s: %s, tallied %s",
                model._meta.model_name,
                case_id,
                where,
                rolled,
                tallied,
            )
            changed += 1
    return changed


def _cases(campaign: Campaign | None) -> list[tuple[int, int]]:
    cases = (
        Case.objects.filter(campaign=campaign)
        if campaign is not None
        else Case.objects.filter(campaign_open_q(timezone.now(), prefix="campaign__"))
    )
    return list(cases.order_by("campaign_id", "position", "pk").values_list("pk", "campaign_id"))


def tallies_reconcile(
    *,
    campaign: Campaign | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[TallyRepair]:
    """Compare every tally with the confirmed actions and counted reports it stands for,
    key by key (case, section, channel, source, country, day); record, log and repair each
    drift. Returns the repairs made (empty when the counts held).

    Without a campaign it checks the open campaigns, whose counts still move. Each case is
    compared without locks first; only a case that differs is locked and recounted, so
    confirmations elsewhere never wait on the reconciliation. `progress(done, of)` is
    called after each case.
    """
    cases = _cases(campaign)
    repairs: list[TallyRepair] = []
    for done, (case_id, campaign_id) in enumerate(cases, start=1):
        if _drifts(case_id):
            repairs += _case_repair(campaign_id=campaign_id, case_id=case_id)
        if any(_rollup_drifts(case_id, model, part) for model, part in _ROLLUPS):
            with transaction.atomic():
                list(Tally.objects.select_for_update().filter(case_id=case_id).values_list("pk"))
                _rollups_repair(campaign_id=campaign_id, case_id=case_id)
        if progress is not None:
            progress(done, len(cases))
    return repairs


def tally_reconcile(*, campaign: Campaign | None = None) -> int:
    """The periodic reconciliation (see tallies_reconcile); returns how many cases it
    repaired. Past days' shards are folded into one row as it goes."""
    repairs = tallies_reconcile(campaign=campaign)
    tallies_compact(campaign=campaign)
    return len({repair.case_id for repair in repairs})


def _rollups_fold(*, campaign_id: int, case_id: int, before: date) -> int:
    """Fold the shards of the case's rollups: every key of the tallies by country (a key
    with no day keeps counting, so it folds whenever it has several rows; an increment
    waiting on a folded row finds it gone and starts a new shard), and the days before
    `before` of the tallies by day."""
    removed = 0
    for model, part in _ROLLUPS:
        fields = (*_ROLLUP_KEY, part)
        rows = model._default_manager.filter(case_id=case_id)
        if part == "day":
            rows = rows.filter(**{"day__lt": before})
        split = [
            tuple(row[f] for f in fields)
            for row in rows.values(*fields).annotate(rows=Count("pk")).filter(rows__gt=1).order_by()
        ]
        if not split:
            continue
        with transaction.atomic():
            for key in split:
                where = dict(zip(fields, key, strict=True))
                shards = list(
                    model._default_manager.select_for_update()
                    .filter(case_id=case_id, **where)
                    .values_list("pk", "total")
                )
                if len(shards) < 2:
                    continue
                model._default_manager.filter(pk__in=[pk for pk, _ in shards]).delete()
                model._default_manager.create(
                    campaign_id=campaign_id,
                    case_id=case_id,
                    **where,
                    shard=0,
                    total=sum(total for _, total in shards),
                )
                removed += len(shards) - 1
    return removed


def tallies_compact(*, campaign: Campaign | None = None, before: date | None = None) -> int:
    """Fold the shards of each key counted before `before` (yesterday) into one row, so
    that sums read fewer rows; shards matter only while a day is counting. Returns how
    many rows were removed. The figures do not change."""
    before = before or tally_day() - timedelta(days=1)
    removed = 0
    for case_id, campaign_id in _cases(campaign):
        removed += _rollups_fold(campaign_id=campaign_id, case_id=case_id, before=before)
        split = (
            Tally.objects.filter(case_id=case_id, day__lt=before)
            .values("section_id", "channel", "source", "country", "day")
            .annotate(rows=Count("pk"))
            .filter(rows__gt=1)
            .values_list("section_id", "channel", "source", "country", "day")
        )
        keys = [TallyKey(s, ch, so, str(co), d) for s, ch, so, co, d in split]
        if not keys:
            continue
        with transaction.atomic():
            for key in keys:
                rows = Tally.objects.select_for_update().filter(**_key_rows(case_id, key))
                shards = list(rows.values_list("pk", "total"))
                if len(shards) < 2:
                    continue
                Tally.objects.filter(pk__in=[pk for pk, _ in shards]).delete()
                Tally.objects.create(
                    campaign_id=campaign_id,
                    **_key_rows(case_id, key),
                    shard=0,
                    total=sum(total for _, total in shards),
                )
                removed += len(shards) - 1
    return removed
