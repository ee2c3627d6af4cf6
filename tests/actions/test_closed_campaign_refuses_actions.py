"""A closed campaign takes no more actions: 403 with an explanation, and nothing stored."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.factories import act_url, action_form_data, stored_rows
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.services import campaign_close_now, campaign_set_status


@pytest.mark.parametrize("channel", ["email", "signature"])
def test_closed_campaign_is_403_and_stores_nothing(
    client: Client, case: Case, channel: str
) -> None:
    campaign_close_now(campaign=case.campaign, user_id=None)
    before = stored_rows()

    response = client.post(act_url(case, channel), action_form_data(channel))

    assert response.status_code == 403
    html = response.content.decode()
    assert "This campaign has ended" in html
    assert "Nothing was recorded" in html
    assert stored_rows() == before
    assert mail.outbox == []


def test_draft_campaign_is_404(client: Client, case: Case) -> None:
    campaign_set_status(campaign=case.campaign, status=Campaign.Status.DRAFT)
    before = stored_rows()
    response = client.post(act_url(case, "signature"), action_form_data("signature"))
    assert response.status_code == 404
    assert stored_rows() == before
