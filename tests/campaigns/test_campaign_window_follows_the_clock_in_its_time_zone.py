"""A published campaign opens and closes itself at the start and end of its window, read in
its own time zone, with the clock under the test's control: a campaign in Asia/Tokyo seen
around its boundaries, beside one in America/Lima with the same wall-clock times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.factories import CampaignFactory, CampaignTextFactory, CaseFactory, TargetFactory
from writeathon.campaigns.calendar import campaign_window
from writeathon.campaigns.models import Campaign
from writeathon.campaigns.selectors import content_changed

TOKYO = ZoneInfo("Asia/Tokyo")
LIMA = ZoneInfo("America/Lima")
# Midnight on 1 November 2030 in Tokyo is 15:00 UTC the day before.
TOKYO_OPENS = datetime(2030, 11, 1, 0, 0, tzinfo=TOKYO)
TOKYO_CLOSES = datetime(2031, 1, 1, 0, 0, tzinfo=TOKYO)
SECOND = timedelta(seconds=1)

pytestmark = pytest.mark.django_db


def _campaign(zone: ZoneInfo, slug: str) -> Campaign:
    campaign: Campaign = CampaignFactory(
        slug=slug,
        time_zone=str(zone),
        opens_at=datetime(2030, 11, 1, 0, 0, tzinfo=zone),
        closes_at=datetime(2031, 1, 1, 0, 0, tzinfo=zone),
        reporting_deadline=datetime(2031, 2, 1, 0, 0, tzinfo=zone),
    )
    CampaignTextFactory(campaign=campaign, title=f"Write in {zone}")
    return campaign


def test_tokyo_opens_and_closes_at_its_own_midnight() -> None:
    tokyo = _campaign(TOKYO, "tokyo")
    assert datetime(2030, 10, 31, 15, 0, tzinfo=UTC) == TOKYO_OPENS
    assert tokyo.phase_at(TOKYO_OPENS - SECOND) == Campaign.Phase.UPCOMING
    assert tokyo.phase_at(TOKYO_OPENS) == Campaign.Phase.OPEN
    assert tokyo.phase_at(TOKYO_CLOSES - SECOND) == Campaign.Phase.OPEN
    assert tokyo.phase_at(TOKYO_CLOSES) == Campaign.Phase.CLOSED
    # Events may still report until the deadline, and not after.
    assert tokyo.takes_reports_at(TOKYO_CLOSES + timedelta(days=3))
    assert not tokyo.takes_reports_at(datetime(2031, 2, 1, 0, 0, tzinfo=TOKYO))


def test_the_same_wall_clock_times_elsewhere_are_other_moments() -> None:
    tokyo = _campaign(TOKYO, "tokyo")
    lima = _campaign(LIMA, "lima")
    # When Tokyo opens, it is still 31 October, 10:00 in Lima.
    assert tokyo.phase_at(TOKYO_OPENS) == Campaign.Phase.OPEN
    assert lima.phase_at(TOKYO_OPENS) == Campaign.Phase.UPCOMING
    # Tokyo has closed while Lima has 14 hours left.
    assert tokyo.phase_at(TOKYO_CLOSES) == Campaign.Phase.CLOSED
    assert lima.phase_at(TOKYO_CLOSES) == Campaign.Phase.OPEN


def test_is_open_reads_the_clock() -> None:
    tokyo = _campaign(TOKYO, "tokyo")
    with time_machine.travel(TOKYO_OPENS - SECOND, tick=False):
        assert not tokyo.is_open
    with time_machine.travel(TOKYO_OPENS, tick=False):
        assert tokyo.is_open
    with time_machine.travel(TOKYO_CLOSES, tick=False):
        assert not tokyo.is_open and tokyo.is_closed
    tokyo.status = Campaign.Status.DRAFT
    with time_machine.travel(TOKYO_OPENS + timedelta(days=1), tick=False):
        assert not tokyo.is_open  # a draft stays a draft


def test_the_notice_says_when_it_opens_how_long_is_left_and_when_it_closed() -> None:
    tokyo = _campaign(TOKYO, "tokyo")
    with translation.override("en"):
        before = campaign_window(campaign=tokyo, now=TOKYO_OPENS - timedelta(days=3))
        assert before.headline == "Opens in 3 days"
        assert "(Asia/Tokyo)" in before.detail and "00:00" in before.detail
        open_ = campaign_window(campaign=tokyo, now=TOKYO_CLOSES - timedelta(days=3, hours=2))
        assert open_.headline == "Closes in 3 days"
        last = campaign_window(campaign=tokyo, now=TOKYO_CLOSES - timedelta(hours=5, minutes=3))
        assert last.headline == "Closes in 5 hours"
        final = campaign_window(campaign=tokyo, now=TOKYO_CLOSES - SECOND)
        assert final.headline == "Closes in 1 minute"
        after = campaign_window(campaign=tokyo, now=TOKYO_CLOSES)
        assert after.headline == "This campaign has ended"
        assert "It closed on" in after.detail
    with translation.override("es"):
        assert campaign_window(
            campaign=tokyo, now=TOKYO_CLOSES - timedelta(days=3, hours=2)
        ).headline == ("Cierra en 3 días")
    with translation.override("ar"):
        headline = campaign_window(campaign=tokyo, now=TOKYO_OPENS - timedelta(days=3)).headline
        assert "3" in headline and "Opens" not in headline


def test_the_pages_show_the_window_and_where_to_act_now(client: Client) -> None:
    tokyo = _campaign(TOKYO, "tokyo")
    case = CaseFactory(campaign=tokyo)
    TargetFactory(case=case)
    lima = _campaign(LIMA, "lima")
    with time_machine.travel(TOKYO_CLOSES - timedelta(days=3, hours=1), tick=False):
        content_changed()
        page = client.get(tokyo.get_absolute_url()).content.decode()
        assert "Closes in 3 days" in page
        case_page = client.get(case.get_absolute_url()).content.decode()
        assert "Closes in 3 days" in case_page
        assert 'id="act-email"' in case_page
    with time_machine.travel(TOKYO_CLOSES + timedelta(hours=1), tick=False):
        content_changed()
        page = client.get(tokyo.get_absolute_url()).content.decode()
        assert "This campaign has ended" in page and "It closed on" in page
        # Lima is still open for 13 hours: the page sends supporters there.
        assert lima.get_absolute_url() in page
        case_page = client.get(case.get_absolute_url()).content.decode()
        assert "This campaign has ended" in case_page
        assert 'id="act-email"' not in case_page
        assert lima.get_absolute_url() in case_page


def test_a_time_zone_must_be_a_real_one() -> None:
    campaign = CampaignFactory.build(time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as error:
        campaign.full_clean(exclude=["slug"])
    assert "time_zone" in error.value.message_dict
    closes_first = CampaignFactory.build(
        time_zone="UTC", opens_at=TOKYO_CLOSES, closes_at=TOKYO_OPENS
    )
    with pytest.raises(ValidationError) as error:
        closes_first.full_clean(exclude=["slug"])
    assert "closes_at" in error.value.message_dict
