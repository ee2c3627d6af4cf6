"""Every way in refuses a campaign outside its window before storing anything: the web form
answers 403 saying when it opens or that it has ended and where to act now, and the one
intake service raises for any other caller."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.factories import CampaignFactory, act_url, action_form_data, stored_rows
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.selectors import content_changed
from writeathon.campaigns.services import campaign_close_now, campaign_window_set
from writeathon.core.vocabulary import Channel
from writeathon.usecases.intake import CampaignNotOpen, action_submit


def test_an_upcoming_campaign_refuses_and_says_when_it_opens(client: Client, case: Case) -> None:
    campaign_window_set(
        campaign=case.campaign,
        user_id=None,
        opens_at=timezone.now() + timedelta(days=3, hours=1),
        closes_at=timezone.now() + timedelta(days=30),
        reporting_deadline=None,
    )
    before = stored_rows()
    response = client.post(act_url(case, "signature"), action_form_data("signature"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "has not opened yet" in html and "Opens in 3 days" in html
    assert stored_rows() == before
    assert mail.outbox == []


def test_a_closed_campaign_points_to_the_one_open_now(client: Client, case: Case) -> None:
    campaign_close_now(campaign=case.campaign, user_id=None)
    now = timezone.now()
    open_now = CampaignFactory(
        slug="write-for-rights-2027",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )
    content_changed()
    before = stored_rows()
    response = client.post(act_url(case, "email"), action_form_data("email"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This campaign has ended" in html
    assert open_now.get_absolute_url() in html
    assert stored_rows() == before


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.SIGNATURE])
def test_the_intake_service_refuses_before_storing(case: Case, channel: Channel) -> None:
    campaign_close_now(campaign=case.campaign, user_id=None)
    case = Case.objects.select_related("campaign").get(pk=case.pk)
    before = stored_rows()
    with pytest.raises(CampaignNotOpen):
        action_submit(
            case=case,
            channel=channel,
            email="late@example.com",
            name="Late Writer",
            country="FR",
            language="en",
            base_url="http://testserver",
            body="Dear Minister," if channel == Channel.EMAIL else "",
        )
    assert stored_rows() == before
    assert case.campaign.phase == Campaign.Phase.CLOSED
