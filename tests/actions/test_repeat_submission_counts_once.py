"""One action per supporter, case and channel: a repeat is recognised, not stored or counted."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from tests.delivery.outbox import mail_sent
from tests.factories import SupporterFactory
from writeathon.actions.models import Action, Tally
from writeathon.actions.tallies import tally_reconcile
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.usecases.intake import action_submit


def _submit(
    case: Case, channel: Channel, email: str = "writer@example.com", owner: int | None = None
) -> Any:
    return action_submit(
        case=case,
        channel=channel,
        email=email,
        name="Writer",
        country="FR",
        language="en",
        base_url="http://testserver",
        subject="Subject",
        body="A letter long enough to send.",
        browser_owner_id=owner,
    )


def test_repeat_by_confirmed_supporter_is_not_counted_again(case: Case) -> None:
    owner = SupporterFactory(email="writer@example.com", confirmed=True).pk
    first = _submit(case, Channel.EMAIL, owner=owner)
    second = _submit(case, Channel.EMAIL, email="Writer@Example.com", owner=owner)

    assert (first.created, first.counted) == (True, True)
    assert (second.created, second.counted, second.confirmation_sent) == (False, False, False)
    assert second.action.pk == first.action.pk
    assert Action.objects.count() == 1
    assert sum(Tally.objects.values_list("total", flat=True)) == 1
    # The tally agrees with the actions.
    assert tally_reconcile() == 0


def test_repeat_by_unconfirmed_supporter_returns_the_pending_action(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = _submit(case, Channel.SIGNATURE)
    with django_capture_on_commit_callbacks(execute=True):
        second = _submit(case, Channel.SIGNATURE)

    assert second.created is False
    assert second.action.pk == first.action.pk
    assert second.action.status == Action.Status.PENDING
    assert Action.objects.count() == 1
    # Within the resend interval, the repeat does not send a second email.
    assert second.confirmation_sent is False
    assert len(mail_sent()) == 1

    # Once the interval has passed (its cache entry expired), a repeat sends a new link.
    cache.delete(f"confirm-sent:{first.action.supporter_id}")
    with django_capture_on_commit_callbacks(execute=True):
        third = _submit(case, Channel.SIGNATURE)
    assert (third.created, third.confirmation_sent) == (False, True)
    assert len(mail_sent()) == 2
    assert Action.objects.count() == 1


def test_other_channel_or_case_is_a_new_action(case: Case) -> None:
    owner = SupporterFactory(email="writer@example.com", confirmed=True).pk
    other_case = Case.objects.get(campaign=case.campaign, slug="annie-alfred")

    results = [
        _submit(case, Channel.EMAIL, owner=owner),
        _submit(case, Channel.SIGNATURE, owner=owner),
        _submit(other_case, Channel.EMAIL, owner=owner),
    ]

    assert [r.created for r in results] == [True, True, True]
    assert [r.counted for r in results] == [True, True, True]
    assert Action.objects.count() == 3
