"""A gateway that retries its webhook while the first request is still running, or a new
number's first messages arriving together, still make one supporter and count each action
once (on PostgreSQL the requests really overlap)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connections

from tests.delivery.texting import SENDER, text_message, webhook_post, with_keywords
from writeathon.actions.models import Action
from writeathon.campaigns.services import sample_campaign_load
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter


def post_together(messages: list[dict[str, Any]]) -> list[str]:
    """Post each message from its own thread, all at the same moment; their statuses."""
    statuses: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(messages))

    def post(message: dict[str, Any]) -> None:
        try:
            start.wait()
            response = webhook_post(message)
            assert response.status_code == 200, response.content
            statuses.append(response.json()["status"])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(m,)) for m in messages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return statuses


@pytest.mark.django_db(transaction=True)
def test_the_same_message_four_times_at_once_counts_once(sms_webhook: str) -> None:
    with_keywords(sample_campaign_load())
    message = text_message("SHAWKAN")

    statuses = post_together([message] * 4)

    assert Counter(statuses) == {"counted": 1, "duplicate": 3}
    assert Supporter.objects.count() == 1
    assert Action.objects.count() == 1
    assert Delivery.objects.filter(kind=Delivery.Kind.REPLY).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_numbers_first_messages_together_make_one_supporter(sms_webhook: str) -> None:
    with_keywords(sample_campaign_load())

    statuses = post_together([text_message("SHAWKAN"), text_message("TOHTI")])

    assert statuses == ["counted", "counted"]
    assert Supporter.objects.filter(phone=SENDER).count() == 1
    assert Action.objects.count() == 2
    assert Delivery.objects.filter(kind=Delivery.Kind.REPLY).count() == 2
