"""An action for the same supporter, case and channel counts once, whichever way it came
in: a text message's keyword and the web intake record it through the same rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from tests.delivery.texting import SENDER, text_message, webhook_post, with_keywords
from tests.factories import SupporterFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.delivery.models import Delivery
from writeathon.reporting.selectors import counter_snapshot
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import action_submit


@pytest.fixture
def shawkan(campaign: Campaign, sms_webhook: str) -> Case:
    return with_keywords(campaign)["shawkan"]


@pytest.fixture
def supporter() -> Supporter:
    """A confirmed supporter known by both their address and their phone number."""
    known: Supporter = SupporterFactory(email="writer@example.com", confirmed=True, phone=SENDER)
    return known


def case_total(case: Case) -> int:
    cache.clear()
    return counter_snapshot(campaign=case.campaign).cases[case.slug]


def web_submit(case: Case, supporter: Supporter, captured: Any) -> bool:
    """The supporter acts from their own browser; returns whether it counted."""
    with captured(execute=True):
        result = action_submit(
            case=case,
            channel=Channel.SMS,
            email="writer@example.com",
            name="Known Writer",
            country="US",
            language="en",
            base_url="http://testserver",
            browser_owner_id=supporter.pk,
        )
    return result.counted


def test_a_text_after_a_web_action_counts_nothing_more(
    shawkan: Case, supporter: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    assert web_submit(shawkan, supporter, django_capture_on_commit_callbacks) is True
    assert case_total(shawkan) == 1

    response = webhook_post(text_message("SHAWKAN"))

    assert response.status_code == 200
    assert response.json() == {"status": "already_counted"}
    action = Action.objects.get(supporter=supporter, case=shawkan)
    assert (action.channel, action.source, action.status) == (
        Channel.SMS,
        Source.ONLINE,
        Action.Status.CONFIRMED,
    )
    assert case_total(shawkan) == 1


def test_a_web_action_after_a_text_counts_nothing_more(
    shawkan: Case, supporter: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    response = webhook_post(text_message("shawkan"))
    assert response.json() == {"status": "counted"}
    assert case_total(shawkan) == 1
    replies = Delivery.objects.filter(kind=Delivery.Kind.REPLY).count()

    assert web_submit(shawkan, supporter, django_capture_on_commit_callbacks) is False

    action = Action.objects.get(supporter=supporter, case=shawkan)
    assert (action.channel, action.source) == (Channel.SMS, Source.SMS)
    assert case_total(shawkan) == 1
    assert Delivery.objects.filter(kind=Delivery.Kind.REPLY).count() == replies
