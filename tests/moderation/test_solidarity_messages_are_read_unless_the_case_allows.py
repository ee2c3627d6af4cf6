"""Messages of solidarity reach a person at risk: by default every one is read by a moderator
first. A case may let messages that screening passed go straight to the next card run;
what screening holds is read first all the same."""

from __future__ import annotations

from tests.delivery.outbox import confirmed_action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery

WARM = "Shawkan, you are not alone: we think of you and your family every day."


def _status(case: Case, email: str, body: str) -> str:
    action = confirmed_action(case, Channel.SOLIDARITY, email=email, body=body)
    return str(Delivery.objects.get(action=action).status)


def test_every_message_is_held_for_a_moderator_by_default(case: Case) -> None:
    assert case.solidarity_needs_review is True
    assert _status(case, "warm@example.net", WARM) == Delivery.Status.HELD


def test_a_case_that_allows_it_passes_clean_messages_on(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(solidarity_needs_review=False)
    assert _status(case, "warm@example.net", WARM) == Delivery.Status.QUEUED
    assert _status(case, "link@example.net", WARM + " www.example.org") == Delivery.Status.HELD
    assert _status(case, "shout@example.net", WARM.upper()) == Delivery.Status.HELD
