"""An anonymous visitor who sends more forms than the limit per address gets a translated
429 page with Retry-After; nothing is stored, and the refusal shows in the hourly count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from tests.abuse.conftest import VISITOR_IP
from tests.factories import act_url, action_form_data, stored_rows
from writeathon.abuse.models import TrafficHour
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case

START = datetime(2030, 11, 20, 10, 30, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.RATE_LIMIT_FORM_PER_IP = [(3, 60), (6, 3600)]
    settings.RATE_LIMIT_FORM_PER_EMAIL = [(100, 3600)]


def _sign(client: Client, case: Case, n: int, **extra: Any) -> Any:
    return client.post(
        act_url(case, "signature"),
        action_form_data("signature", email=f"visitor{n}@example.com"),
        **extra,
    )


def test_over_the_limit_per_address_is_429_and_changes_nothing(
    visitor: Client, case: Case, store: str
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        for n in range(3):
            assert _sign(visitor, case, n).status_code == 302
        before = stored_rows()
        outbox = len(mail.outbox)

        refused = _sign(visitor, case, 3)

        assert refused.status_code == 429
        assert refused["Retry-After"] == "30"
        assert "private" in refused["Cache-Control"]
        html = refused.content.decode()
        assert "Too many requests" in html
        assert "Nothing was recorded" in html
        assert stored_rows() == before
        assert len(mail.outbox) == outbox
        assert not Action.objects.filter(supporter__email="visitor3@example.com").exists()

        # The next minute lets two more through, then the hour's limit holds: refused
        # requests count too (6 = 3 + 1 refused + 2).
        clock.shift(timedelta(seconds=30))
        assert _sign(visitor, case, 4).status_code == 302
        assert _sign(visitor, case, 5).status_code == 302
        refused_for_the_hour = _sign(visitor, case, 6)
        assert refused_for_the_hour.status_code == 429
        assert refused_for_the_hour["Retry-After"] == str(29 * 60)

    traffic = TrafficHour.objects.get(kind=TrafficHour.Kind.IP, value=VISITOR_IP)
    assert (traffic.submissions, traffic.refused) == (7, 2)


def test_another_address_is_not_held_back(visitor: Client, case: Case, store: str) -> None:
    with time_machine.travel(START, tick=False):
        for n in range(3):
            _sign(visitor, case, n)
        assert _sign(visitor, case, 3).status_code == 429
        assert _sign(Client(REMOTE_ADDR="203.0.113.8"), case, 4).status_code == 302


def test_the_refusal_is_in_the_readers_language(visitor: Client, case: Case, store: str) -> None:
    with time_machine.travel(START, tick=False):
        for n in range(3):
            _sign(visitor, case, n)
        refused = _sign(visitor, case, 3, HTTP_ACCEPT_LANGUAGE="es")
    assert refused.status_code == 429
    assert '<html lang="es"' in refused.content.decode()


def test_behind_the_proxy_each_client_counts_apart(case: Case, settings: Any, store: str) -> None:
    """With TRUSTED_PROXY_HEADER, the limit is per client, not per proxy."""
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    with time_machine.travel(START, tick=False):
        for n in range(3):
            response = _sign(proxy, case, n, HTTP_X_FORWARDED_FOR=VISITOR_IP)
            assert response.status_code == 302
        assert _sign(proxy, case, 3, HTTP_X_FORWARDED_FOR=VISITOR_IP).status_code == 429
        assert _sign(proxy, case, 4, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 302


def test_form_get_pages_are_not_counted(visitor: Client, case: Case, store: str) -> None:
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            assert visitor.get(case.get_absolute_url()).status_code == 200
        assert _sign(visitor, case, 0).status_code == 302
    assert not TrafficHour.objects.filter(submissions__gt=1).exists()
