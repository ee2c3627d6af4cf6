"""Webhooks: events posted to a partner's endpoint, signed with its secret.

Each request carries the event as JSON and a `Writeathon-Signature: t=<unix time>,v1=<hex>`
header, where v1 is HMAC-SHA256 over "<t>.<body>" with the endpoint's secret
(docs/api.md shows how to check it). The event's id is the same on every try, so a
receiver that saw it already can answer 2xx and drop it. A 2xx is delivered; a 4xx other
than 408, 409, 425 and 429 is a refusal (a dead letter at once); anything else is tried
again with the outbox's backoff.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import httpx
from django.conf import settings

from writeathon.delivery.channels.base import Transport, TransportError
from writeathon.delivery.models import Delivery
from writeathon.partners.selectors import webhook_secret

SIGNATURE_HEADER = "Writeathon-Signature"
_TEMPORARY = frozenset({408, 409, 425, 429})


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp`."""
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def webhook_body(delivery: Delivery) -> bytes:
    """The event as sent: the same bytes on every try."""
    payload = delivery.payload if isinstance(delivery.payload, dict) else {}
    event = {key: payload.get(key) for key in ("id", "type", "created", "data")}
    return json.dumps(event, separators=(",", ":"), sort_keys=True).encode()


class WebhookTransport(Transport):
    channel = "webhook"

    def __init__(self) -> None:
        self.client: httpx.Client | None = None

    def open(self) -> None:
        self.client = httpx.Client(
            timeout=float(settings.WEBHOOK_TIMEOUT_SECONDS), follow_redirects=False
        )

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def send(self, delivery: Delivery) -> str:
        payload = delivery.payload if isinstance(delivery.payload, dict) else {}
        secret = webhook_secret(endpoint_id=int(payload.get("endpoint_id") or 0))
        if secret is None:
            raise TransportError("The endpoint was removed or switched off", permanent=True)
        body = webhook_body(delivery)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Writeathon-Webhooks/1",
            "Writeathon-Event": str(payload.get("type", "")),
            "Writeathon-Event-Id": str(payload.get("id", "")),
            SIGNATURE_HEADER: webhook_signature(
                secret=secret, timestamp=int(time.time()), body=body
            ),
        }
        if self.client is None:
            self.open()
        client = self.client
        if client is None:
            raise TransportError("No HTTP client", permanent=False)
        try:
            response = client.post(delivery.recipient, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise TransportError(f"The endpoint did not answer: {exc}", permanent=False) from exc
        if response.is_success:
            return str(payload.get("id", ""))
        reason = f"The endpoint answered {response.status_code}"
        permanent = 400 <= response.status_code < 500 and response.status_code not in _TEMPORARY
        raise TransportError(reason, permanent=permanent)
