"""A keyword texted before a campaign opens or after it closes records nothing: the webhook
answers 422 saying why, with no action, supporter, reply or count stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.delivery.texting import stored_rows, text_message, webhook_post, with_keywords
from writeathon.campaigns.models import Campaign
from writeathon.campaigns.services import campaign_window_set


@pytest.fixture
def window(campaign: Campaign, sms_webhook: str) -> Campaign:
    with_keywords(campaign)
    now = timezone.now().replace(microsecond=0)
    return campaign_window_set(
        campaign=campaign,
        user_id=None,
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=11),
        reporting_deadline=None,
        time_zone="Asia/Tokyo",
    )


def test_before_it_opens_nothing_is_recorded(window: Campaign) -> None:
    before = stored_rows()
    response = webhook_post(text_message("SHAWKAN"))
    assert response.status_code == 422
    assert "has not opened yet" in response.json()["error"]
    assert stored_rows() == before


def test_it_counts_while_open_and_refuses_a_second_after_it_closes(window: Campaign) -> None:
    assert window.opens_at is not None and window.closes_at is not None
    with time_machine.travel(window.opens_at, tick=False):
        assert webhook_post(text_message("SHAWKAN")).json() == {"status": "counted"}
    with time_machine.travel(window.closes_at - timedelta(seconds=1), tick=False):
        assert webhook_post(text_message("TOHTI")).json() == {"status": "counted"}
    with time_machine.travel(window.closes_at, tick=False):
        before = stored_rows()
        response = webhook_post(text_message("SHAWKAN", sender="+33612345679"))
        assert response.status_code == 422
        assert "has closed: nothing was recorded" in response.json()["error"]
        assert stored_rows() == before
