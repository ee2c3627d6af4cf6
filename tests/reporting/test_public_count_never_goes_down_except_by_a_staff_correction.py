"""The public count only grows as people act: confirmations, repeats, declines, erasure, a
host's report, a report moved to another day, the reconciliation and the folding of shards
never lower it. Only a correction staff made brings it down, by exactly its difference."""

from __future__ import annotations

from datetime import date

import pytest

from tests.delivery.outbox import confirmed_action
from tests.factories import ActionFactory, StaffUserFactory
from writeathon.actions.models import Action
from writeathon.actions.tallies import tallies_compact, tally_reconcile
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.reporting.selectors import counter_forget, counter_snapshot
from writeathon.usecases.intake import action_count, count_report_submit, supporter_confirm
from writeathon.usecases.privacy import supporter_erase

pytestmark = pytest.mark.django_db


def _public(campaign: Campaign) -> int:
    counter_forget(campaign=campaign)
    return counter_snapshot(campaign=campaign).total


def _report(case: Case, count: int, *, day: date, **who: object) -> int:
    return count_report_submit(
        reference="event:3:shawkan:letter",
        source=Source.EVENT,
        case=case,
        channel=Channel.LETTER,
        count=count,
        day=day,
        country="MX",
        **who,  # type: ignore[arg-type]
    )[1]


def test_count_never_goes_down_until_staff_correct_a_report(campaign: Campaign, case: Case) -> None:
    seen = [_public(campaign)]

    def step() -> None:
        seen.append(_public(campaign))

    first = confirmed_action(case, Channel.EMAIL, email="one@example.net")
    step()
    confirmed_action(case, Channel.EMAIL, email="one@example.net")  # a repeat
    step()
    waiting = ActionFactory(case=case, channel=Channel.SIGNATURE)
    step()
    assert waiting.supporter is not None
    supporter_confirm(supporter=waiting.supporter, action_ids=[])  # declined: never counts
    step()
    counted = ActionFactory(case=case, channel=Channel.SOLIDARITY)
    action_count(action_id=counted.pk)
    action_count(action_id=counted.pk)  # twice
    step()
    assert first.supporter is not None
    supporter_erase(supporter_id=first.supporter.pk)
    step()
    _report(case, 50, day=date(2016, 12, 10), actor="host@example.net")
    step()
    _report(case, 50, day=date(2016, 12, 11), actor="host@example.net")  # moved a day
    step()
    assert tally_reconcile(campaign=campaign) == 0
    step()
    tallies_compact(campaign=campaign, before=date(2100, 1, 1))
    step()

    assert seen == sorted(seen), seen
    assert seen[-1] == seen[0] + 2 + 50
    assert Action.objects.filter(case=case, status=Action.Status.CONFIRMED).count() == 2

    staff = StaffUserFactory(username="counts-editor")
    moved = _report(
        case, 30, day=date(2016, 12, 11), changed_by=staff, note="20 were counted twice"
    )
    assert moved == -20
    assert _public(campaign) == seen[-1] - 20
