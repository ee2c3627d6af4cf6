"""GET /metrics gives operators the outbox's numbers in the Prometheus text format, to
whoever shows the bearer token; without a token configured it does not exist."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.delivery.outbox import confirmed_action
from tests.delivery.refusals import RefusingServer, refused_confirmations
from tests.delivery.staff import refused_letter, signed_in, staff_user
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import delivery_claim

TOKEN = "operators-token-0123456789abcdef"
SAMPLE = re.compile(r"^([a-z_0-9]+)(\{[^}]*\})? (-?[0-9.e+]+)$")


def _samples(text: str) -> dict[str, float]:
    samples: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        found = SAMPLE.match(line)
        assert found, f"not in the exposition format: {line!r}"
        samples[found.group(1) + (found.group(2) or "")] = float(found.group(3))
    return samples


def _get(client: Client, token: str | None = TOKEN) -> Any:
    headers: dict[str, Any] = {}
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get("/metrics", **headers)


@pytest.mark.django_db(transaction=True)
def test_the_operators_monitoring_reads_the_outbox(
    case: Case, settings: Any, refusing_mail_server: RefusingServer
) -> None:
    settings.METRICS_TOKEN = TOKEN
    settings.DELIVERY_MAX_ATTEMPTS = 3
    refused_confirmations(case, 2)
    refused_letter(case, email="dead@example.net")
    refused_letter(case, email="failing@example.net", error="421 busy", permanent=False)
    confirmed_action(case, email="stranded@example.net")
    delivery_claim(worker_id="stopped")
    Delivery.objects.filter(claimed_by="stopped").update(
        lease_until=timezone.now() - timedelta(seconds=5)
    )
    confirmed_action(case, email="waiting@example.net")
    Delivery.objects.filter(status=Delivery.Status.QUEUED).update(
        next_try_at=timezone.now() - timedelta(seconds=90)
    )

    response = _get(Client())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    text = response.content.decode()
    assert "# TYPE writeathon_outbox_deliveries gauge" in text
    samples = _samples(text)
    # The refused letter and the two refused confirmation emails.
    assert samples['writeathon_outbox_deliveries{channel="email",status="dead"}'] == 3
    assert samples['writeathon_outbox_deliveries{channel="email",status="failed"}'] == 1
    assert samples['writeathon_outbox_deliveries{channel="email",status="sending"}'] == 1
    assert samples['writeathon_outbox_deliveries{channel="email",status="queued"}'] == 1
    assert samples["writeathon_outbox_leases_expired"] == 1
    assert samples["writeathon_outbox_near_attempt_limit"] == 1
    assert samples["writeathon_outbox_parked"] == 0
    assert samples["writeathon_outbox_dead_last_hour"] == 3
    assert samples["writeathon_outbox_dead_last_24_hours"] == 3
    assert samples["writeathon_confirmations_refused_last_24_hours"] == 2
    assert 89 <= samples["writeathon_outbox_oldest_due_seconds"] < 120


@pytest.mark.django_db
def test_a_wrong_or_missing_token_is_refused(settings: Any) -> None:
    settings.METRICS_TOKEN = TOKEN
    stranger = Client()
    for token in (None, "", "operators-token", TOKEN + "x", TOKEN.upper()):
        response = _get(stranger, token)
        assert response.status_code == 401, token
        assert response["WWW-Authenticate"] == "Bearer"
        assert b"writeathon_" not in response.content
    # Basic credentials are not a bearer token.
    response = stranger.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}")
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_staff_session_is_neither_needed_nor_enough(settings: Any) -> None:
    settings.METRICS_TOKEN = TOKEN
    staff = signed_in(staff_user("outbox-staff"))
    assert staff.get("/metrics").status_code == 401
    assert _get(Client()).status_code == 200


@pytest.mark.django_db
def test_without_a_token_configured_there_is_no_metrics_page(settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert _get(Client(), "").status_code == 404
    assert _get(Client(), "anything").status_code == 404


@pytest.mark.django_db
def test_only_reading(settings: Any) -> None:
    settings.METRICS_TOKEN = TOKEN
    client = Client()
    response = client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 405
