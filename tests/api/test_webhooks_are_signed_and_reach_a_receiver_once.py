"""Partners hear of events through signed webhooks sent by the outbox: a receiver on
loopback checks each signature; one that is down gets the event later, exactly once; one
that refuses it leaves a dead letter; a section's partner hears only of its section."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tests.api.conftest import ApiClient
from tests.conftest import free_port
from tests.delivery.outbox import outbox_pass
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.delivery.partner_events import partner_event_emit
from writeathon.partners.models import WebhookEvent
from writeathon.partners.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db


class Receiver:
    """A partner's webhook receiver on loopback; answers `status` and keeps what it got."""

    def __init__(self, port: int, status: int = 200) -> None:
        self.port = port
        self.status = status
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver(free_port())
    yield running
    running.stop()


def verified(secret: str, headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """What the docs tell a receiver to do: check the signature, then read the event."""
    parts = dict(p.split("=", 1) for p in headers["Writeathon-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(expected, parts["v1"])
    event: dict[str, Any] = json.loads(body)
    return event


def _confirmed_action(client: ApiClient, case: Case, email: str, country: str) -> Any:
    return client.post(
        f"/advocacy_campaigns/{case.campaign.slug}:{case.slug}/outreaches",
        {
            "person": {
                "given_name": "Rosa",
                "email_addresses": [{"address": email}],
                "postal_addresses": [{"country": country}],
            },
            "type": "signature",
            "confirmed": True,
        },
        key=email,
    )


def test_an_action_confirmed_reaches_the_sections_receiver_signed(
    peru_crm: ApiClient, jordan_crm: ApiClient, case: Case, receiver: Receiver
) -> None:
    _endpoint, secret = webhook_endpoint_create(
        partner=peru_crm.partner, url=receiver.url, events=[WebhookEvent.ACTION_CONFIRMED]
    )
    jordan_receiver = Receiver(free_port())
    try:
        webhook_endpoint_create(
            partner=jordan_crm.partner,
            url=jordan_receiver.url,
            events=[WebhookEvent.ACTION_CONFIRMED],
        )
        response = _confirmed_action(peru_crm, case, "rosa@example.net", "PE")
        assert response.status_code == 201
        outbox_pass()
    finally:
        jordan_receiver.stop()

    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    event = verified(secret, headers, body)
    assert event["type"] == "action.confirmed"
    assert event["data"]["case"] == case.slug
    assert event["data"]["action"] == response.json()["identifiers"][0].rsplit(":", 1)[1]
    assert b"rosa@example.net" not in body  # no personal data in events
    assert jordan_receiver.received == []  # another section's action


def test_a_receiver_that_is_down_gets_the_event_later_exactly_once(
    peru_crm: ApiClient, case: Case
) -> None:
    port = free_port()
    _endpoint, secret = webhook_endpoint_create(
        partner=peru_crm.partner,
        url=f"http://127.0.0.1:{port}/hooks",
        events=[WebhookEvent.ACTION_CONFIRMED],
    )
    _confirmed_action(peru_crm, case, "rosa@example.net", "PE")
    outbox_pass()
    webhook = Delivery.objects.get(kind=Delivery.Kind.WEBHOOK)
    assert webhook.status == Delivery.Status.FAILED
    assert webhook.next_try_at is not None

    receiver = Receiver(port)
    try:
        with time_machine.travel(timezone.now() + timedelta(hours=2)):
            outbox_pass()
            outbox_pass()
    finally:
        receiver.stop()
    assert len(receiver.received) == 1
    event = verified(secret, *receiver.received[0])
    assert event["id"] == webhook.payload["id"]  # the same event id on every try
    webhook.refresh_from_db()
    assert webhook.status == Delivery.Status.DELIVERED


def test_a_receiver_that_refuses_leaves_a_dead_letter(peru_crm: ApiClient, case: Case) -> None:
    refusing = Receiver(free_port(), status=410)
    try:
        endpoint, _secret = webhook_endpoint_create(
            partner=peru_crm.partner, url=refusing.url, events=[WebhookEvent.ACTION_CONFIRMED]
        )
        _confirmed_action(peru_crm, case, "rosa@example.net", "PE")
        outbox_pass()
    finally:
        refusing.stop()
    webhook = Delivery.objects.get(kind=Delivery.Kind.WEBHOOK)
    assert webhook.status == Delivery.Status.DEAD
    assert "410" in webhook.last_error
    assert webhook.payload["endpoint_id"] == endpoint.pk


def test_staff_send_a_test_event_to_one_endpoint(peru_crm: ApiClient, receiver: Receiver) -> None:
    endpoint, secret = webhook_endpoint_create(
        partner=peru_crm.partner, url=receiver.url, events=[WebhookEvent.OUTCOME_POSTED]
    )
    assert (
        partner_event_emit(
            event=WebhookEvent.PING,
            object_key="ping:1",
            data={"message": "hello"},
            section_id=peru_crm.partner.section_id,
            endpoint_id=endpoint.pk,
        )
        == 1
    )
    outbox_pass()
    assert verified(secret, *receiver.received[0])["type"] == "ping"
