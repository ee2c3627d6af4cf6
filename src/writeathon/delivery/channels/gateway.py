"""What the fax and SMS gateways share: one HTTP client per batch, one reading of answers.

Both gateways take a POST with a bearer token and the delivery's idempotency key, and answer
2xx with ``{"id": "..."}``. A refusal of the message itself (a 4xx) is final; anything that
may pass (5xx, 408, 429, a timeout, a dropped connection) is tried again later, with the
same idempotency key so that the gateway sends the message at most once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings

from writeathon.core.phone import phone_parse
from writeathon.delivery.channels.base import Transport, TransportError
from writeathon.delivery.models import Delivery

logger = logging.getLogger(__name__)

# 4xx answers that say "not now" rather than "never": a request timeout, a key still being
# processed by the gateway (409), too early, too many requests, and our own credentials
# being refused (401: every message would fail until staff fix the token, so the messages
# wait for the fix instead of dying).
TEMPORARY_CLIENT_ERRORS = frozenset({401, 408, 409, 425, 429})
REASON_MAX_CHARS = 300


def recipient_e164(delivery: Delivery) -> str:
    """The delivery's number in E.164; a number no gateway could dial is a permanent error.

    A number written without its country code is read as one of the case's country, where
    the official usually is.
    """
    case = delivery.case
    region = str(case.country) if case is not None else ""
    number = phone_parse(delivery.recipient, region=region)
    if number is None:
        raise TransportError(f"Not a valid phone number: {delivery.recipient!r}", permanent=True)
    return number.e164


def idempotency_header(delivery: Delivery) -> str:
    """The delivery's key as an HTTP header value (a key that is not plain ASCII is hashed)."""
    key = delivery.idempotency_key
    if key.isascii() and key.isprintable():
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def _reason(response: httpx.Response) -> str:
    """The gateway's own words for a refusal: its JSON `error`, else the start of its text."""
    text = response.text
    try:
        data: Any = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("error"):
        error = data["error"]
        # Some gateways nest it: {"error": {"message": "..."}}.
        if isinstance(error, dict) and error.get("message"):
            error = error["message"]
        text = error if isinstance(error, str) else json.dumps(error)
    text = " ".join(text.split())
    if len(text) > REASON_MAX_CHARS:
        text = text[: REASON_MAX_CHARS - 1] + "…"
    return text or response.reason_phrase


class GatewayTransport(Transport):
    """POSTs each delivery to an HTTP gateway; subclasses say what to post."""

    # For error messages: "fax gateway", "SMS gateway".
    gateway_name = "gateway"

    def __init__(self, *, url: str, token: str) -> None:
        self.url = url
        self.token = token
        self.client: httpx.Client | None = None

    def open(self) -> None:
        if not self.url:
            raise TransportError(f"No {self.gateway_name} is configured", permanent=False)
        headers = {"User-Agent": "Writeathon"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.GATEWAY_TIMEOUT_SECONDS),
            headers=headers,
            follow_redirects=False,
        )

    def close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):  # a broken connection is dropped either way
                self.client.close()
            self.client = None

    def post(self, delivery: Delivery, **request: Any) -> str:
        """POST to the gateway (`request`: httpx's json=, data=, files=); returns its id."""
        if self.client is None:
            self.open()
        assert self.client is not None  # noqa: S101 - open() sets it or raises
        name = self.gateway_name
        try:
            response = self.client.post(
                self.url, headers={"Idempotency-Key": idempotency_header(delivery)}, **request
            )
        except httpx.TimeoutException as exc:
            raise TransportError(
                f"The {name} did not answer within {settings.GATEWAY_TIMEOUT_SECONDS:g} s "
                f"({type(exc).__name__})",
                permanent=False,
            ) from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"Cannot reach the {name}: {exc}", permanent=False) from exc
        status = response.status_code
        if response.is_success:
            return self._provider_id(response, delivery)
        if 400 <= status < 500 and status not in TEMPORARY_CLIENT_ERRORS:
            raise TransportError(
                f"The {name} refused the message ({status}): {_reason(response)}",
                permanent=True,
            )
        raise TransportError(f"The {name} answered {status}: {_reason(response)}", permanent=False)

    def _provider_id(self, response: httpx.Response, delivery: Delivery) -> str:
        try:
            data: Any = response.json()
        except ValueError:
            data = None
        provider_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(provider_id, str | int) and not isinstance(provider_id, bool):
            return str(provider_id)
        # The gateway took the message: sending it again could make a duplicate, so it counts
        # as sent, without the gateway's id.
        logger.warning(
            "The %s accepted delivery %s without an id in its answer",
            self.gateway_name,
            delivery.pk,
        )
        return ""


def outbox_file_write(relative: str, content: bytes) -> str:
    """Write a message the local fax or SMS channel "sent" under OUTBOX_DIR; returns the id.

    Atomic (readers never see half a file) and readable by the site's user only: these files
    hold supporters' letters and numbers. Writing the same delivery again replaces its file.
    """
    path = Path(settings.OUTBOX_DIR) / relative
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkstemp creates the file with mode 0600.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise TransportError(f"Cannot write {path}: {exc}", permanent=False) from exc
    return f"file:{relative}"
