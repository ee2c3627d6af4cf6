"""Text messages are limited per sending number: over the limit the webhook answers 429 with
Retry-After and handles nothing, other numbers carry on, and STOP always goes through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from tests.delivery.gateways import sms_webhook  # noqa: F401 - a fixture
from tests.delivery.texting import SENDER, stored_rows, text_message, webhook_post, with_keywords
from writeathon.campaigns.models import Campaign
from writeathon.supporters.models import Supporter

START = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _limit(settings: Any, campaign: Campaign, sms_webhook: str) -> None:  # noqa: F811
    settings.RATE_LIMIT_SMS_PER_NUMBER = [(2, 3600)]
    with_keywords(campaign)


def test_a_number_over_the_limit_is_refused_and_nothing_is_handled(store: str) -> None:
    with time_machine.travel(START, tick=False) as clock:
        assert webhook_post(text_message("SHAWKAN")).status_code == 200
        assert webhook_post(text_message("HELP")).status_code == 200
        before = stored_rows()

        refused = webhook_post(text_message("TOHTI"))

        assert refused.status_code == 429
        assert refused["Retry-After"] == str(30 * 60)
        assert "Too many text messages" in refused.json()["error"]
        assert stored_rows() == before
        # Another number is not held back.
        assert webhook_post(text_message("TOHTI", sender="+12025550143")).status_code == 200
        # The next hour, the number is heard again.
        clock.shift(timedelta(minutes=30))
        assert webhook_post(text_message("TOHTI")).status_code == 200


def test_stop_always_goes_through(store: str) -> None:
    with time_machine.travel(START, tick=False):
        for word in ("SHAWKAN", "TOHTI", "HELP"):
            webhook_post(text_message(word))
        assert webhook_post(text_message("HELP")).status_code == 429
        assert webhook_post(text_message("Stop")).status_code == 200
    assert Supporter.objects.get(phone=SENDER).sms_stopped_at is not None
