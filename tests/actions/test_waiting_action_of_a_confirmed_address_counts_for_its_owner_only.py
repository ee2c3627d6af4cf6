"""An action waiting although its address is confirmed (taken in a stranger's browser, or
left by a confirmation that raced the submission) counts when the owner takes it again in
their own browser, once; a repeat from any other browser leaves it waiting."""

from __future__ import annotations

from django.utils import timezone

from tests.factories import ActionFactory, SupporterFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.reporting.selectors import counter_snapshot
from writeathon.usecases.intake import action_submit


def test_the_owners_repeat_counts_the_waiting_action_once(case: Case) -> None:
    supporter = SupporterFactory(email="omar@example.net", confirmed_at=timezone.now())
    waiting = ActionFactory(case=case, supporter=supporter, channel=Channel.SIGNATURE)
    assert waiting.status == Action.Status.PENDING

    def again(browser_owner_id: int | None) -> bool:
        return action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email="omar@example.net",
            name="Omar",
            country="MA",
            language="en",
            base_url="http://testserver",
            browser_owner_id=browser_owner_id,
        ).counted

    assert again(None) is False  # a stranger's browser
    waiting.refresh_from_db()
    assert waiting.status == Action.Status.PENDING

    assert again(supporter.pk) is True
    assert again(supporter.pk) is False
    waiting.refresh_from_db()
    assert waiting.status == Action.Status.CONFIRMED
    assert Action.objects.count() == 1
    assert counter_snapshot(campaign=case.campaign).cases["shawkan"] == 1
