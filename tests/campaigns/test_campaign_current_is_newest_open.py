"""The home page shows the newest open campaign, else the next to open, else the one that
closed last; never a draft."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CampaignFactory
from writeathon.campaigns.models import Campaign
from writeathon.campaigns.selectors import campaign_current, content_changed
from writeathon.campaigns.services import campaign_close_now


@pytest.mark.django_db
def test_no_campaign_at_all() -> None:
    assert campaign_current() is None


def test_newest_open_campaign_wins(campaign: Campaign) -> None:
    # The sample has later closed editions (2017-2023) and one open campaign.
    assert campaign_current() == campaign
    newer_open = CampaignFactory(opens_at=timezone.now() - timedelta(days=1))
    CampaignFactory(opens_at=timezone.now(), status=Campaign.Status.DRAFT)
    # Factories write behind the services' back; the admin and services refresh the
    # cached public content themselves (tests/campaigns/test_public_content_cache.py).
    content_changed()
    assert campaign_current() == newer_open


def test_the_next_to_open_when_none_is_open(campaign: Campaign) -> None:
    assert campaign_close_now(campaign=campaign, user_id=None) is True
    now = timezone.now()
    later = CampaignFactory(opens_at=now + timedelta(days=90), closes_at=now + timedelta(days=120))
    CampaignFactory(opens_at=now + timedelta(days=10), status=Campaign.Status.DRAFT)
    sooner = CampaignFactory(opens_at=now + timedelta(days=30), closes_at=now + timedelta(days=60))
    content_changed()
    assert campaign_current() == sooner
    assert later != sooner


def test_the_last_to_close_when_none_is_open_or_to_come(campaign: Campaign) -> None:
    assert campaign_close_now(campaign=campaign, user_id=None) is True
    CampaignFactory(opens_at=timezone.now(), status=Campaign.Status.DRAFT)
    content_changed()
    # The sample closed just now, after every past edition (2012-2023).
    assert campaign_current() == campaign
    campaign.refresh_from_db()
    assert campaign.is_closed
