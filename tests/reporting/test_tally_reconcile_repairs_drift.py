"""The periodic roll-up recomputes the tallies from the actions, repairing anything that
bypassed the services, and changes nothing when they already agree."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Sum

from tests.factories import ActionFactory, CaseFactory
from writeathon.actions.models import Action, Tally
from writeathon.actions.tallies import tally_reconcile
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.usecases.intake import action_count

KEY = {"channel": Channel.EMAIL, "source": Source.ONLINE, "day": date(2026, 12, 10)}


def _total(case: Case) -> int:
    return int(Tally.objects.filter(case=case).aggregate(n=Sum("total"))["n"] or 0)


def _confirmed(case: Case, n: int) -> list[Any]:
    actions = [ActionFactory(case=case) for _ in range(n)]
    for action in actions:
        action_count(action_id=action.pk)
    return actions


def test_no_change_when_tallies_are_right(case: Case) -> None:
    _confirmed(case, 3)
    ActionFactory(case=case)  # pending: not counted
    before = list(Tally.objects.order_by("pk").values_list("pk", "shard", "total"))

    assert tally_reconcile() == 0

    assert list(Tally.objects.order_by("pk").values_list("pk", "shard", "total")) == before
    assert _total(case) == 3


def test_repairs_after_an_action_is_deleted_outside_the_services(case: Case) -> None:
    actions = _confirmed(case, 3)
    Action.objects.filter(pk=actions[0].pk).delete()  # a staff deletion in the database
    assert _total(case) == 3

    assert tally_reconcile(campaign=case.campaign) == 1

    assert _total(case) == 2
    assert tally_reconcile(campaign=case.campaign) == 0


def test_repairs_after_actions_are_added_outside_the_services(case: Case) -> None:
    _confirmed(case, 1)
    other = Case.objects.get(campaign=case.campaign, slug="leonard-peltier")
    ActionFactory(case=case, status=Action.Status.CONFIRMED)  # restored from a backup
    ActionFactory(case=other, status=Action.Status.CONFIRMED)

    assert tally_reconcile() == 2

    assert _total(case) == 2
    assert _total(other) == 1


def test_repairs_a_tally_with_no_actions_behind_it(case: Case) -> None:
    Tally.objects.create(campaign=case.campaign, case=case, shard=3, **KEY, total=7)
    assert tally_reconcile() == 1
    assert _total(case) == 0
    assert not Tally.objects.filter(case=case).exists()


def test_reconcile_of_one_campaign_leaves_others_alone(case: Case) -> None:
    elsewhere = CaseFactory()
    ActionFactory(case=elsewhere, status=Action.Status.CONFIRMED)
    ActionFactory(case=case, status=Action.Status.CONFIRMED)

    assert tally_reconcile(campaign=case.campaign) == 1

    assert _total(case) == 1
    assert _total(elsewhere) == 0
