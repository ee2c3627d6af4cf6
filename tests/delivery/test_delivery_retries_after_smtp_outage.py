"""A mail server that is away, or that refuses, never loses a letter nor sends it twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from tests.conftest import SmtpServer, free_port
from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.delivery.staff import staff_user
from tests.smtp import loopback_smtp
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery, DeliveryAttempt
from writeathon.delivery.services import deliveries_retry


def _letters(case: Case, count: int) -> list[int]:
    return [confirmed_action(case, email=f"writer{i}@example.net").pk for i in range(count)]


def test_smtp_down_for_a_while_then_back_delivers_everything_once(
    case: Case, smtp_server: SmtpServer
) -> None:
    _letters(case, 5)
    with override_settings(EMAIL_PORT=free_port()):  # nothing listens there
        result = outbox_pass()
    assert len(result.failed) == 5
    assert smtp_server.inbox.messages == []
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    assert failed.count() == 5
    for delivery in failed:
        assert delivery.attempts == 1
        assert "Cannot reach the mail server" in delivery.last_error
        assert delivery.next_try_at is not None
        assert delivery.next_try_at > timezone.now() + timedelta(seconds=20)

    # Not due yet: nothing is claimed.
    assert outbox_pass().delivered == []

    # The server is back, and the backoff has passed.
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=True):
        result = outbox_pass()
    assert len(result.delivered) == 5
    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    assert set(letters.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}
    ids = [m["Message-ID"] for m in smtp_server.inbox.messages]
    assert sorted(ids) == sorted(d.message_id for d in letters)
    assert DeliveryAttempt.objects.filter(outcome="failed").count() == 5


class _Refusing:
    """An SMTP server that answers the message with a fixed code."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.seen = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.seen += 1
        return self.code


@pytest.fixture
def refusing_server(request: pytest.FixtureRequest) -> Any:
    handler = _Refusing(request.param)
    with loopback_smtp(handler):
        yield handler


@pytest.mark.parametrize("refusing_server", ["550 5.7.1 Mailbox blocked"], indirect=True)
def test_permanent_refusal_makes_the_letter_dead_with_the_reason(
    case: Case, refusing_server: _Refusing
) -> None:
    confirmed_action(case)
    result = outbox_pass()
    assert len(result.dead) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DEAD
    assert "550" in delivery.last_error
    assert "Mailbox blocked" in delivery.last_error
    assert delivery.next_try_at is None
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=True):
        assert outbox_pass().delivered == []
    assert refusing_server.seen == 1


@pytest.mark.parametrize("refusing_server", ["451 4.3.0 Try again later"], indirect=True)
def test_temporary_refusal_is_retried_then_dead_after_the_last_attempt(
    case: Case, refusing_server: _Refusing, settings: Any
) -> None:
    settings.DELIVERY_MAX_ATTEMPTS = 3
    confirmed_action(case)
    moment = timezone.now()
    for attempt in range(1, 4):
        with time_machine.travel(moment, tick=False):
            result = outbox_pass()
        delivery = Delivery.objects.get()
        assert delivery.attempts == attempt
        moment += timedelta(hours=5)  # past any backoff
    assert result.dead == [delivery.pk]
    assert delivery.status == Delivery.Status.DEAD
    assert "451" in delivery.last_error
    assert refusing_server.seen == 3


def test_staff_retry_brings_a_dead_letter_back(case: Case, smtp_server: SmtpServer) -> None:
    confirmed_action(case)
    Delivery.objects.update(status=Delivery.Status.DEAD, attempts=12, last_error="550 blocked")
    staff = staff_user("ops")
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert len(deliveries_retry(delivery_ids=ids, user_id=staff.pk)) == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.QUEUED, 0)
    assert len(outbox_pass().delivered) == 1
    assert len(smtp_server.inbox.messages) == 1
    # A delivered letter cannot be "retried" into a second copy.
    assert deliveries_retry(delivery_ids=[delivery.pk], user_id=staff.pk) == []
