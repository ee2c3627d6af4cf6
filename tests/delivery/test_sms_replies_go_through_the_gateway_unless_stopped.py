"""Replies to supporters go to the SMS gateway as JSON; a number that texted STOP gets
nothing more but the confirmation of its STOP."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.delivery.gateways import SMS_FROM_NUMBER, SMS_TOKEN, FakeGateway
from tests.delivery.outbox import outbox_pass
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter

PHONE = "+12025550142"


def reply(
    text: str = "Thank you! Your action is counted.", *, recipient: str = PHONE, final: bool = False
) -> Delivery:
    payload: dict[str, Any] = {"text": text, "language": "en"}
    if final:
        payload["final"] = True
    return Delivery.objects.create(
        idempotency_key=f"sms-reply:{recipient}:{text}",
        kind=Delivery.Kind.REPLY,
        channel=Channel.SMS,
        recipient=recipient,
        payload=payload,
        status=Delivery.Status.QUEUED,
        next_try_at=timezone.now(),
    )


def test_a_reply_is_posted_as_json_with_token_and_key(db: Any, sms_gateway: FakeGateway) -> None:
    message = reply()

    assert outbox_pass().delivered == [message.pk]

    [request] = sms_gateway.requests
    assert request.path == "/v1/messages"
    assert request.headers["authorization"] == f"Bearer {SMS_TOKEN}"
    assert request.headers["idempotency-key"] == message.idempotency_key
    assert request.headers["content-type"] == "application/json"
    assert request.json() == {
        "to": PHONE,
        "from": SMS_FROM_NUMBER,
        "text": "Thank you! Your action is counted.",
    }
    message.refresh_from_db()
    assert message.status == Delivery.Status.DELIVERED
    assert message.provider_id == "gw-1"


def test_a_stopped_number_gets_no_reply(db: Any, sms_gateway: FakeGateway) -> None:
    Supporter.objects.create(phone=PHONE, name="", sms_stopped_at=timezone.now())
    message = reply()

    assert outbox_pass().dead == [message.pk]

    message.refresh_from_db()
    assert message.status == Delivery.Status.DEAD
    assert "STOP" in message.last_error
    assert sms_gateway.requests == []


def test_the_stop_confirmation_still_goes_to_a_stopped_number(
    db: Any, sms_gateway: FakeGateway
) -> None:
    Supporter.objects.create(phone=PHONE, name="", sms_stopped_at=timezone.now())
    message = reply("You will get no more texts from us.", final=True)

    assert outbox_pass().delivered == [message.pk]
    assert sms_gateway.requests[0].json()["text"] == "You will get no more texts from us."


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(400, Delivery.Status.DEAD), (429, Delivery.Status.FAILED), (503, Delivery.Status.FAILED)],
)
def test_gateway_answers_are_read_as_for_faxes(
    db: Any, sms_gateway: FakeGateway, status: int, outcome: str
) -> None:
    message = reply()
    sms_gateway.answer(status, {"error": "Unroutable destination"})

    outbox_pass()

    message.refresh_from_db()
    assert message.status == outcome
    assert "Unroutable destination" in message.last_error
    assert "SMS gateway" in message.last_error


def test_a_message_without_text_or_to_a_bad_number_is_dead(
    db: Any, sms_gateway: FakeGateway
) -> None:
    empty = reply("   ")
    nowhere = reply("Hello", recipient="12")

    result = outbox_pass()

    assert sorted(result.dead) == sorted([empty.pk, nowhere.pk])
    assert sms_gateway.requests == []
