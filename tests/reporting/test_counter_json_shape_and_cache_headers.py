"""GET /counter.json: the live count in a fixed shape, cacheable by browsers and proxies."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils.cache import get_max_age

from tests.factories import ActionFactory
from writeathon.campaigns.models import Campaign, Case
from writeathon.reporting.selectors import counter_forget
from writeathon.usecases.intake import action_count


def test_shape_of_the_current_campaigns_counter(client: Client, case: Case) -> None:
    action_count(action_id=ActionFactory(case=case).pk)
    ActionFactory(case=case)  # pending: not counted

    response = client.get("/counter.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"campaign", "total", "goal", "cases", "updated_at"}
    assert data["campaign"] == "write-for-rights-2016"
    assert data["total"] == 1
    assert data["goal"] == case.campaign.goal
    assert data["cases"] == [
        {"slug": "ilham-tohti", "total": 0},
        {"slug": "shawkan", "total": 1},
        {"slug": "annie-alfred", "total": 0},
        {"slug": "leonard-peltier", "total": 0},
    ]
    assert datetime.fromisoformat(data["updated_at"]).tzinfo is not None


def test_cache_headers(client: Client, campaign: Campaign) -> None:
    response = client.get("/counter.json")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in cache_control
    assert get_max_age(response) == settings.COUNTER_CACHE_SECONDS
    assert response["Access-Control-Allow-Origin"] == "*"


def test_named_campaign_and_past_edition(client: Client, campaign: Campaign) -> None:
    current = client.get("/counter.json", {"campaign": "write-for-rights-2016"})
    assert current.json()["campaign"] == "write-for-rights-2016"

    past = client.get("/counter.json", {"campaign": "write-for-rights-2015"})
    assert past.status_code == 200
    data = past.json()
    assert data["campaign"] == "write-for-rights-2015"
    assert data["total"] == 3_714_141
    assert data["cases"] == []


@pytest.mark.parametrize("slug", ["no-such-campaign", "../../etc/passwd", "x" * 300])
def test_unknown_campaign_is_404(client: Client, campaign: Campaign, slug: str) -> None:
    response = client.get("/counter.json", {"campaign": slug})
    assert response.status_code == 404


def test_draft_campaign_is_404(client: Client, campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.DRAFT)
    assert client.get("/counter.json", {"campaign": campaign.slug}).status_code == 404


@pytest.mark.django_db
def test_no_campaign_at_all_is_404(client: Client) -> None:
    assert client.get("/counter.json").status_code == 404


def test_only_get(client: Client, campaign: Campaign) -> None:
    assert client.post("/counter.json").status_code == 405


def test_counter_moves_when_an_action_is_confirmed(client: Client, case: Case) -> None:
    before = client.get("/counter.json").json()["total"]
    action_count(action_id=ActionFactory(case=case).pk)
    counter_forget(campaign=case.campaign)  # as if the few seconds of caching had passed
    assert client.get("/counter.json").json()["total"] == before + 1
