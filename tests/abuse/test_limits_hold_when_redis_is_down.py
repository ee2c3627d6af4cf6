"""With Redis unreachable, the counters fall back to the database (with a warning in the log)
instead of letting every request through."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings

from tests.abuse.conftest import VISITOR_IP
from tests.conftest import free_port
from tests.factories import act_url, action_form_data, stored_rows
from writeathon.abuse.models import RateCounter
from writeathon.abuse.ratelimit import key_hash, ratelimit_hit
from writeathon.campaigns.models import Case

START = datetime(2030, 11, 20, 10, 30, 30, tzinfo=UTC)


@pytest.fixture
def redis_down(settings: Any) -> Any:
    settings.RATE_LIMIT_STORE = "cache"
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


@pytest.mark.django_db
def test_counts_go_to_the_database_with_a_warning(redis_down: Any, caplog: Any) -> None:
    with redis_down, time_machine.travel(START, tick=False):
        allowed = [
            ratelimit_hit(scope="test", key=VISITOR_IP, limit=2, window_seconds=60)
            for _ in range(3)
        ]
    assert allowed == [True, True, False]
    counter = RateCounter.objects.get()
    assert (counter.key, counter.count) == (key_hash(VISITOR_IP), 3)
    assert "Cache unavailable: rate limit test counted in the database instead" in caplog.text


def test_forms_are_still_limited_per_address(
    redis_down: Any, visitor: Client, case: Case, settings: Any
) -> None:
    settings.RATE_LIMIT_FORM_PER_IP = [(2, 60)]
    with redis_down, time_machine.travel(START, tick=False):
        for n in range(2):
            data = action_form_data("signature", email=f"visitor{n}@example.com")
            assert visitor.post(act_url(case, "signature"), data).status_code == 302
        before = stored_rows()
        data = action_form_data("signature", email="visitor2@example.com")
        refused = visitor.post(act_url(case, "signature"), data)
    assert refused.status_code == 429
    assert stored_rows() == before
