"""Increments land on one of a key's shards; the case's count is the sum of its rows."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Sum

from tests.factories import CaseFactory
from writeathon.actions.models import Tally
from writeathon.actions.tallies import tally_increment
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source

DAY = date(2026, 12, 10)


def _add(case: Case, by: int = 1) -> None:
    tally_increment(
        campaign_id=case.campaign_id,
        case_id=case.pk,
        channel=Channel.EMAIL,
        source=Source.ONLINE,
        day=DAY,
        by=by,
    )


def _total(case: Case) -> int:
    return int(Tally.objects.filter(case=case).aggregate(n=Sum("total"))["n"] or 0)


def test_increments_add_up_per_case(case: Case) -> None:
    other = Case.objects.get(campaign=case.campaign, slug="annie-alfred")
    for _ in range(40):
        _add(case)
    _add(other, 5)

    assert _total(case) == 40
    assert _total(other) == 5
    shards = list(Tally.objects.filter(case=case).values_list("shard", flat=True))
    assert len(shards) == len(set(shards))
    assert all(0 <= shard < settings.TALLY_SHARDS for shard in shards)
    # 40 increments over 16 shards: spread over several rows, not queued on one.
    assert len(shards) > 1
    assert set(Tally.objects.filter(case=case).values_list("campaign_id", flat=True)) == {
        case.campaign_id
    }


def test_increment_of_a_case_in_another_campaign_stays_there(case: Case) -> None:
    elsewhere = CaseFactory()
    _add(elsewhere)
    assert _total(elsewhere) == 1
    assert _total(case) == 0
