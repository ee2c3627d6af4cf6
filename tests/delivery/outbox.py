"""Test building blocks for the outbox: confirmed actions and one worker's pass."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from tests.conftest import free_port
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.services import BatchResult, delivery_claim, delivery_send_claimed
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.intake import action_submit


def confirmed_action(
    case: Case,
    channel: Channel = Channel.EMAIL,
    *,
    email: str = "writer@example.net",
    name: str = "Amal Writer",
    body: str = "Dear Sir,\n\nPlease release Shawkan now: journalism is not a crime.",
    copy_to_supporter: bool = False,
) -> Action:
    """An action by a supporter whose address is already confirmed, taken in their own
    browser (the owner cookie): it counts at once."""
    supporter, _created = supporter_get_or_create(
        email=email, name=name, country="FR", language="en"
    )
    Supporter.objects.filter(pk=supporter.pk).update(confirmed_at=timezone.now())
    result = action_submit(
        case=case,
        channel=channel,
        email=email,
        name=name,
        country="FR",
        language="en",
        base_url="http://testserver",
        subject="Release Shawkan" if channel != Channel.SOLIDARITY else "",
        body=body,
        copy_to_supporter=copy_to_supporter,
        browser_owner_id=supporter.pk,
    )
    assert result.action.status == Action.Status.CONFIRMED
    return result.action


def outbox_pass(worker_id: str = "test-worker", limit: int | None = None) -> BatchResult:
    """One worker claims what is due and sends it."""
    ids = delivery_claim(worker_id=worker_id, limit=limit)
    return delivery_send_claimed(worker_id=worker_id, delivery_ids=ids)


class SlowInbox:
    """A mail server that takes `seconds` over each message (a busy official's server), so
    that a kill or a stop lands mid-batch; it keeps the Message-ID of each message."""

    def __init__(self, seconds: float = 0.05) -> None:
        self.seconds = seconds
        self.message_ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.seconds)
        with self.lock:
            self.message_ids.append(str(message_from_bytes(envelope.content)["Message-ID"]))
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.message_ids)


@pytest.fixture
def slow_inbox() -> Iterator[tuple[SlowInbox, int]]:
    """A mail server on loopback that takes a moment over each message."""
    inbox = SlowInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def mail_sent() -> list[EmailMessage]:
    """Every email sent in this test so far, once one worker has made a pass over the
    outbox: the confirmation and data-page link emails are outbox rows like every other."""
    outbox_pass(worker_id="mail-worker")
    sent: list[EmailMessage] = mail.outbox
    return sent


def past_tomorrows_digest_hour() -> datetime:
    """Tomorrow just after the digest hour (DELIVERY_DIGEST_HOUR): a digest composed then
    takes every letter waiting now, whatever the time of day the test runs."""
    tomorrow = timezone.now() + timedelta(days=1)
    return tomorrow.replace(hour=settings.DELIVERY_DIGEST_HOUR, minute=5, second=0, microsecond=0)
