"""Loading the sample campaign twice (a second `writeathon demo`) creates no duplicates."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from writeathon.campaigns.models import (
    Appeal,
    Campaign,
    CampaignText,
    Case,
    Target,
    campaign_closed_q,
)
from writeathon.campaigns.services import sample_campaign_load

pytestmark = pytest.mark.django_db


def _rows() -> dict[str, int]:
    return {
        "campaigns": Campaign.objects.count(),
        "texts": CampaignText.objects.count(),
        "cases": Case.objects.count(),
        "targets": Target.objects.count(),
        "appeals": Appeal.objects.count(),
    }


def test_sample_campaign_has_the_seed_cases_and_past_editions() -> None:
    campaign = sample_campaign_load()

    assert campaign.slug == "write-for-rights-2016"
    assert campaign.name == "Write for Rights 2016"
    assert campaign.year == 2016
    assert campaign.is_open
    cases = list(campaign.cases.order_by("position"))
    assert [(c.slug, c.country.code) for c in cases] == [
        ("ilham-tohti", "CN"),
        ("shawkan", "EG"),
        ("annie-alfred", "MW"),
        ("leonard-peltier", "US"),
    ]
    for case in cases:
        assert case.status == Case.Status.PUBLISHED
        assert {a.language for a in case.appeals.all()} == {"en", "es", "ar"}
        target = case.targets.get()
        # Demo officials can never be reached for real.
        assert target.email.endswith("@example.org")
        assert target.fax.startswith("+1 202 555 01")
    closed = Campaign.objects.filter(campaign_closed_q(timezone.now()))
    past = {c.slug: c.offline_total for c in closed}
    assert past["write-for-rights-2013"] == 2_373_422
    assert past["write-for-rights-2014"] == 3_245_565
    assert past["write-for-rights-2015"] == 3_714_141
    assert Campaign.objects.get(slug="write-for-rights-2015").offline_case_count == 12


def test_loading_twice_creates_no_duplicates() -> None:
    first = sample_campaign_load()
    after_first = _rows()
    second = sample_campaign_load()

    assert second.pk == first.pk
    assert _rows() == after_first


def test_loading_again_restores_edited_content() -> None:
    campaign = sample_campaign_load()
    case = campaign.cases.get(slug="shawkan")
    Appeal.objects.filter(case=case, language="en").update(summary="edited")

    call_command("load_sample_campaign", stdout=StringIO())

    assert Appeal.objects.get(case=case, language="en").summary != "edited"
    assert Case.objects.filter(slug="shawkan").count() == 1


def test_the_demo_campaign_is_open_around_the_day_it_is_loaded() -> None:
    """Whenever the demo runs, a newcomer can act: opened a month ago, closes in two."""
    campaign = sample_campaign_load()
    now = timezone.now()
    assert campaign.opens_at is not None and campaign.closes_at is not None
    assert timedelta(days=29) < now - campaign.opens_at < timedelta(days=31)
    assert timedelta(days=59) < campaign.closes_at - now < timedelta(days=61)
    assert campaign.reporting_deadline is not None
    assert campaign.reporting_deadline > campaign.closes_at
