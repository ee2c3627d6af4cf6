"""Staff extend a campaign's window from its staff page, typing times in the campaign's own
time zone; the admin's history keeps who moved it from what to what. A window that ends
before it starts is refused and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from writeathon.campaigns.models import Campaign
from writeathon.campaigns.services import campaign_close_now


def _staff() -> Client:
    user = get_user_model().objects.create_superuser(username="keiko", password="pw-keiko-1")
    client = Client()
    client.force_login(user)
    return client


def test_staff_extend_a_closed_campaign_and_it_opens_again(campaign: Campaign) -> None:
    campaign_close_now(campaign=campaign, user_id=None)
    campaign.refresh_from_db()
    assert campaign.is_closed
    keiko = _staff()
    url = f"/staff/campaigns/{campaign.slug}/window/"
    page = keiko.get(url)
    assert page.status_code == 200
    later = (timezone.now() + timedelta(days=20)).date()
    response = keiko.post(
        url,
        {
            "time_zone": "Asia/Tokyo",
            "opens_at": "",
            "closes_at": f"{later:%Y-%m-%d}T18:00",
            "reporting_deadline": f"{later + timedelta(days=30):%Y-%m-%d}T18:00",
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.is_open
    assert campaign.time_zone == "Asia/Tokyo"
    # 18:00 in Tokyo is 09:00 UTC.
    assert campaign.closes_at == datetime(later.year, later.month, later.day, 9, 0, tzinfo=UTC)
    entry = LogEntry.objects.filter(object_id=str(campaign.pk)).latest("action_time")
    assert entry.user_id == get_user_model().objects.get(username="keiko").pk
    assert "Window changed from" in entry.change_message
    assert "Closes in" in keiko.get(campaign.get_absolute_url()).content.decode()


def test_a_window_that_ends_before_it_starts_is_refused(campaign: Campaign) -> None:
    before = Campaign.objects.values().get(pk=campaign.pk)
    keiko = _staff()
    response = keiko.post(
        f"/staff/campaigns/{campaign.slug}/window/",
        {"time_zone": "UTC", "opens_at": "2031-01-10T00:00", "closes_at": "2031-01-01T00:00"},
    )
    assert response.status_code == 400
    assert "must close after it opens" in response.content.decode()
    bad_zone = keiko.post(
        f"/staff/campaigns/{campaign.slug}/window/",
        {"time_zone": "Europe/Atlantis", "closes_at": "2031-01-01T00:00"},
    )
    assert bad_zone.status_code == 400
    assert "is not a time zone name" in bad_zone.content.decode()
    assert Campaign.objects.values().get(pk=campaign.pk) == before


def test_visitors_and_staff_without_the_right_cannot_move_a_window(
    campaign: Campaign, client: Client
) -> None:
    url = f"/staff/campaigns/{campaign.slug}/window/"
    assert client.get(url).status_code == 302
    clerk = get_user_model().objects.create_user(username="clerk", password="x", is_staff=True)
    other = Client()
    other.force_login(clerk)
    assert other.post(url, {"time_zone": "UTC"}).status_code == 403
