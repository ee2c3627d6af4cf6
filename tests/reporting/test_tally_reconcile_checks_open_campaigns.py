"""The periodic roll-up checks the campaigns whose counts still move; staff can name any."""

from __future__ import annotations

from datetime import date

from writeathon.actions.models import Tally
from writeathon.actions.tallies import tally_reconcile
from writeathon.campaigns.models import Case
from writeathon.campaigns.services import campaign_close_now
from writeathon.core.vocabulary import Channel, Source

KEY = {"channel": Channel.EMAIL, "source": Source.ONLINE, "day": date(2026, 12, 10)}


def test_closed_campaigns_are_left_alone_unless_named(case: Case) -> None:
    Tally.objects.create(campaign=case.campaign, case=case, shard=3, **KEY, total=7)  # drift
    campaign_close_now(campaign=case.campaign, user_id=None)

    assert tally_reconcile() == 0
    assert Tally.objects.get(case=case).total == 7

    assert tally_reconcile(campaign=case.campaign) == 1
    assert not Tally.objects.filter(case=case).exists()


def test_open_campaigns_are_repaired_and_a_correct_count_is_left_as_is(case: Case) -> None:
    Tally.objects.create(campaign=case.campaign, case=case, shard=3, **KEY, total=2)
    assert tally_reconcile() == 1
    assert tally_reconcile() == 0
