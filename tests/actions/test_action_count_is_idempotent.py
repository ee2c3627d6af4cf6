"""action_count confirms and counts a pending action once, however often it is called."""

from __future__ import annotations

from tests.factories import ActionFactory
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Case
from writeathon.usecases.intake import action_count


def test_action_count_counts_once(case: Case) -> None:
    action = ActionFactory(case=case)

    assert action_count(action_id=action.pk) is True
    assert action_count(action_id=action.pk) is False
    assert action_count(action_id=action.pk) is False

    action.refresh_from_db()
    assert action.status == Action.Status.CONFIRMED
    assert action.confirmed_at is not None
    assert sum(Tally.objects.filter(case=case).values_list("total", flat=True)) == 1


def test_action_count_of_unknown_action_counts_nothing(case: Case) -> None:
    assert action_count(action_id=987654321) is False
    assert Tally.objects.count() == 0
