"""The home page is the current campaign's page, or a plain notice when there is none."""

from __future__ import annotations

import pytest
from django.test import Client

from writeathon.campaigns.models import Campaign, CampaignText


@pytest.mark.django_db
def test_home_without_campaign(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"No campaign yet" in response.content


def test_home_shows_the_open_campaign(client: Client, campaign: Campaign) -> None:
    response = client.get("/")

    assert response.status_code == 200
    title = CampaignText.objects.get(campaign=campaign, language="en").title
    assert title in response.content.decode()
    assert response.context["campaign"] == campaign
    for case in campaign.cases.all():
        assert case.get_absolute_url() in response.content.decode()
