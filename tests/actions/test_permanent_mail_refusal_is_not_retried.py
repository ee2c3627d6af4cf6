"""A mail server that refuses a message for good (5xx) is not asked again fifteen times."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.delivery.refusals import RefusingServer
from tests.smtp import loopback_smtp
from writeathon.campaigns.services import sample_campaign_load
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.usecases.intake import action_submit


@pytest.mark.django_db(transaction=True)
def test_a_5xx_refusal_makes_a_dead_letter_without_retry() -> None:
    handler = RefusingServer()
    with loopback_smtp(handler):
        case = sample_campaign_load().cases.get(slug="shawkan")
        action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email="refused@example.net",
            name="Refused",
            country="FR",
            language="en",
            base_url="http://testserver",
        )
        outbox_pass()
        Delivery.objects.update(next_try_at=timezone.now())
        outbox_pass()
    assert handler.refused == 1
    assert Delivery.objects.get().status == Delivery.Status.DEAD
