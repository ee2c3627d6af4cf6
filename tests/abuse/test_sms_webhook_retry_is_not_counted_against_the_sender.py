"""When the SMS gateway retries a webhook for a message it already delivered (it did not see
our answer), the retry is answered "duplicate" and does not count against the sender's
limit: the supporter's next real message still goes through."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from tests.delivery.gateways import sms_webhook  # noqa: F401 - a fixture
from tests.delivery.texting import stored_rows, text_message, webhook_post, with_keywords
from writeathon.campaigns.models import Campaign

START = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _limit(settings: Any, campaign: Campaign, sms_webhook: str) -> None:  # noqa: F811
    settings.RATE_LIMIT_SMS_PER_NUMBER = [(2, 3600)]
    with_keywords(campaign)


def test_retries_of_one_message_are_not_counted(store: str) -> None:
    with time_machine.travel(START, tick=False):
        message = text_message("SHAWKAN")
        assert webhook_post(message).json() == {"status": "counted"}
        rows = stored_rows()
        for _ in range(4):
            retry = webhook_post(message)
            assert retry.status_code == 200
            assert retry.json() == {"status": "duplicate"}
        assert stored_rows() == rows

        # The supporter's second real message is within the limit of two.
        assert webhook_post(text_message("TOHTI")).json() == {"status": "counted"}
        # A third is over it.
        assert webhook_post(text_message("HELP")).status_code == 429
