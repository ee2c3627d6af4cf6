"""A confirmed supporter's later actions, in their own browser, count at once without
another email. (From any other browser they wait: test_stranger_cannot_act_in_a_confirmed_
supporters_name.)"""

from __future__ import annotations

from typing import Any

from django.core import mail

from tests.factories import SupporterFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.reporting.selectors import counter_forget, counter_snapshot
from writeathon.usecases.intake import action_submit


def test_confirmed_supporter_counts_at_once(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    known = SupporterFactory(email="known@example.com", confirmed=True)
    before = counter_snapshot(campaign=case.campaign)

    with django_capture_on_commit_callbacks(execute=True):
        result = action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email="KNOWN@example.com",
            name="Known Writer",
            country="GB",
            language="en",
            base_url="http://testserver",
            browser_owner_id=known.pk,  # the browser holds their owner cookie
        )

    assert result.created is True
    assert result.counted is True
    assert result.confirmation_sent is False
    assert result.action.status == Action.Status.CONFIRMED
    assert result.action.confirmed_at is not None
    assert mail.outbox == []
    # counter_snapshot is cached for a few seconds; drop the cache as if that time had passed.
    counter_forget(campaign=case.campaign)
    after = counter_snapshot(campaign=case.campaign)
    assert after.total == before.total + 1
    assert after.cases["shawkan"] == before.cases["shawkan"] + 1
