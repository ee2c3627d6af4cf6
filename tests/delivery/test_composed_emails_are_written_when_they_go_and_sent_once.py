"""Apps above delivery (events, reporting) send their emails through the outbox: the row names
a composer registered by the app and what it needs, the worker writes the email when it
sends it, and a key queues each email once, however often it is asked for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from tests.delivery.outbox import outbox_pass
from writeathon.delivery.channels.base import NotNeeded
from writeathon.delivery.composed import (
    Composed,
    composer_register,
    message_enqueue,
    messages_enqueue,
)
from writeathon.delivery.forget import deliveries_forget
from writeathon.delivery.models import Delivery

pytestmark = pytest.mark.django_db

WRITTEN: list[int] = []


def _greeting(delivery: Delivery) -> EmailMessage:
    payload = delivery.payload
    if payload.get("gone"):
        raise NotNeeded("Nothing left to say")
    WRITTEN.append(delivery.pk)
    return EmailMessage(
        subject=f"Hello {payload['name']}",
        body=f"Written at sending time in {payload['language']}",
        to=[delivery.recipient],
        headers={"Message-ID": delivery.message_id},
    )


@pytest.fixture(autouse=True)
def _composer() -> Iterator[None]:
    composer_register("tests.greeting", _greeting)
    WRITTEN.clear()
    yield


def test_a_composed_email_is_written_by_its_composer_when_the_worker_sends_it() -> None:
    assert message_enqueue(
        key="greeting:1",
        composer="tests.greeting",
        recipient="host@example.net",
        payload={"name": "Amal"},
        language="es",
    )
    row = Delivery.objects.get(idempotency_key="greeting:1")
    assert row.kind == Delivery.Kind.MESSAGE
    assert WRITTEN == []  # nothing is written before it goes

    result = outbox_pass()

    assert result.delivered == [row.pk]
    assert [m.subject for m in mail.outbox] == ["Hello Amal"]
    assert mail.outbox[0].body == "Written at sending time in es"
    assert mail.outbox[0].to == ["host@example.net"]
    row.refresh_from_db()
    assert row.status == Delivery.Status.DELIVERED


def test_the_same_key_queues_one_email_however_often_it_is_asked() -> None:
    first, again = (
        message_enqueue(
            key="greeting:2", composer="tests.greeting", recipient="a@x.net", payload={"name": 1}
        )
        for _ in range(2)
    )
    assert (first, again) == (True, False)

    batch = [
        Composed(key=f"greeting:batch:{n}", recipient=f"p{n}@example.net", payload={"name": n})
        for n in range(5)
    ]
    # A batch run twice (a job re-run after a crash), with a repeat inside it.
    assert messages_enqueue(composer="tests.greeting", messages=[*batch, batch[0]]) == 5
    assert messages_enqueue(composer="tests.greeting", messages=batch) == 0

    outbox_pass()
    outbox_pass()
    assert len(mail.outbox) == 6
    assert Delivery.objects.filter(kind=Delivery.Kind.MESSAGE).count() == 6


def test_a_composer_with_nothing_left_to_say_calls_the_email_off() -> None:
    message_enqueue(
        key="greeting:3",
        composer="tests.greeting",
        recipient="a@example.net",
        payload={"name": "A", "gone": True},
    )
    outbox_pass()
    row = Delivery.objects.get(idempotency_key="greeting:3")
    assert mail.outbox == []
    assert row.status == Delivery.Status.CANCELLED
    assert row.cancel_reason == Delivery.CancelReason.NOT_NEEDED


def test_an_email_whose_composer_is_not_installed_is_retried_not_lost() -> None:
    message_enqueue(
        key="greeting:4", composer="tests.nobody", recipient="a@example.net", payload={"name": 1}
    )
    outbox_pass()
    row = Delivery.objects.get(idempotency_key="greeting:4")
    assert mail.outbox == []
    assert row.status == Delivery.Status.FAILED
    assert "tests.nobody" in row.last_error


def test_a_second_composer_under_a_taken_name_is_refused() -> None:
    with pytest.raises(ValueError, match="registered already"):
        composer_register("tests.greeting", lambda delivery: _greeting(delivery))


def test_erasure_and_stop_all_email_cancel_composed_emails_to_the_address() -> None:
    message_enqueue(
        key="greeting:5", composer="tests.greeting", recipient="gone@example.net", payload={}
    )
    deliveries_forget(
        action_ids=[], recipients=["gone@example.net"], reason=Delivery.CancelReason.ERASED
    )
    row = Delivery.objects.get(idempotency_key="greeting:5")
    assert row.status == Delivery.Status.CANCELLED
    assert row.recipient == ""
    outbox_pass()
    assert mail.outbox == []
