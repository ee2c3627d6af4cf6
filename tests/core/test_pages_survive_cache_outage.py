"""With the cache (Redis) unreachable, pages, the counter and forms still work from the database."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.conftest import free_port
from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case


@pytest.fixture
def cache_down() -> object:
    closed = f"redis://127.0.0.1:{free_port()}/0"
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": closed,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
    )


def test_pages_counter_and_forms_work_without_the_cache(case: Case, cache_down: object) -> None:
    client = Client()
    with cache_down:  # type: ignore[attr-defined]
        assert client.get("/").status_code == 200
        assert client.get(case.get_absolute_url()).status_code == 200
        counter = client.get("/counter.json")
        assert counter.status_code == 200
        assert counter.json()["campaign"] == case.campaign.slug
        response = client.post(act_url(case, "signature"), action_form_data("signature"))
        assert response.status_code == 302
        assert Action.objects.filter(case=case, supporter__email="amira@example.com").count() == 1
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "database": "up", "cache": "down"}


def test_healthz_reports_the_cache_up_when_it_is(db: object) -> None:
    assert Client().get("/healthz").json()["cache"] == "up"
