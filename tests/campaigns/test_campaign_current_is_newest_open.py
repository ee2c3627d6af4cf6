"""The home page shows the newest open campaign, else the newest closed one, never a draft."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import CampaignFactory
from writeathon.campaigns.models import Campaign
from writeathon.campaigns.selectors import campaign_current, content_changed
from writeathon.campaigns.services import campaign_set_status


@pytest.mark.django_db
def test_no_campaign_at_all() -> None:
    assert campaign_current() is None


def test_newest_open_campaign_wins(campaign: Campaign) -> None:
    # The sample has later closed editions (2017-2023) and one open campaign.
    assert campaign_current() == campaign
    newer_open = CampaignFactory(starts_on=date(2031, 11, 1))
    CampaignFactory(starts_on=date(2040, 11, 1), status=Campaign.Status.DRAFT)
    # Factories write behind the services' back; the admin and services refresh the
    # cached public content themselves (tests/campaigns/test_public_content_cache.py).
    content_changed()
    assert campaign_current() == newer_open


def test_newest_closed_campaign_when_none_is_open(campaign: Campaign) -> None:
    assert campaign_set_status(campaign=campaign, status=Campaign.Status.CLOSED) is True
    CampaignFactory(starts_on=date(2040, 11, 1), status=Campaign.Status.DRAFT)
    newest_closed = Campaign.objects.filter(status="closed").order_by("-starts_on").first()
    assert newest_closed is not None
    assert newest_closed.slug == "write-for-rights-2023"
    assert campaign_current() == newest_closed
