"""Confirming an address counts every action waiting for it, exactly once."""

from __future__ import annotations

from tests.factories import ActionFactory, SupporterFactory
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.usecases.intake import supporter_confirm


def _tally(case: Case) -> int:
    return sum(Tally.objects.filter(case=case).values_list("total", flat=True))


def test_confirm_counts_each_pending_action_once(case: Case) -> None:
    other_case = Case.objects.get(campaign=case.campaign, slug="ilham-tohti")
    supporter = SupporterFactory()
    bystander = SupporterFactory()
    ActionFactory(case=case, supporter=supporter, channel=Channel.EMAIL)
    ActionFactory(case=case, supporter=supporter, channel=Channel.SIGNATURE)
    ActionFactory(case=other_case, supporter=supporter, channel=Channel.SIGNATURE)
    ActionFactory(case=case, supporter=bystander, channel=Channel.SIGNATURE)

    assert supporter_confirm(supporter=supporter) == 3

    supporter.refresh_from_db()
    assert supporter.is_confirmed
    mine = Action.objects.filter(supporter=supporter)
    assert set(mine.values_list("status", flat=True)) == {Action.Status.CONFIRMED}
    assert all(a.confirmed_at is not None for a in mine)
    assert _tally(case) == 2
    assert _tally(other_case) == 1
    # Someone else's pending action is untouched.
    assert Action.objects.get(supporter=bystander).status == Action.Status.PENDING


def test_second_confirmation_counts_nothing(case: Case) -> None:
    supporter = SupporterFactory()
    ActionFactory(case=case, supporter=supporter)
    assert supporter_confirm(supporter=supporter) == 1
    supporter.refresh_from_db()
    first_confirmed_at = supporter.confirmed_at

    assert supporter_confirm(supporter=supporter) == 0

    supporter.refresh_from_db()
    assert supporter.confirmed_at == first_confirmed_at
    assert _tally(case) == 1
