"""The database goes away just as a worker records that the mail server took a letter.

A short blip: the worker writes the result again after a short pause and finishes its
batch. A longer outage: the worker gives up the batch, and as soon as the database is back
it records the letter it sent (without sending it again) and gives back the rows it still
held, so that none waits for its lease to run out."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError, connection

from tests.delivery.outbox import confirmed_action
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery, DeliveryAttempt
from writeathon.delivery.outbox import OutboxLoop
from writeathon.delivery.services import DeliveryNotRecorded

LETTERS = 5


class DatabaseAway:
    """Makes the database answer "server closed the connection" for a while, starting with
    the write that records a delivered message."""

    def __init__(self, *, failures: int) -> None:
        self.failures = failures
        self.failed = 0
        self.down = False

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        records_success = (
            sql.startswith('UPDATE "delivery_delivery"')
            and params is not None
            and Delivery.Status.DELIVERED in list(params)
        )
        if records_success and self.failed == 0:
            self.down = True
        if self.down and self.failed < self.failures:
            self.failed += 1
            raise OperationalError("server closed the connection unexpectedly")
        self.down = False
        return execute(sql, params, many, context)


@contextmanager
def database_away(away: DatabaseAway) -> Iterator[DatabaseAway]:
    with connection.execute_wrapper(away):
        yield away


def _letters(case: Case) -> set[str]:
    for i in range(LETTERS):
        confirmed_action(case, email=f"writer{i}@example.net")
    return {d.message_id for d in Delivery.objects.filter(kind=Delivery.Kind.LETTER)}


def _loop() -> OutboxLoop:
    return OutboxLoop(worker_id="blip-worker", stopping=threading.Event())


def _received(smtp_server: Any) -> Counter[str]:
    return Counter(str(m["Message-ID"]) for m in smtp_server.inbox.messages)


@pytest.mark.django_db(transaction=True)
def test_a_short_blip_is_ridden_out_and_the_batch_finishes(
    case: Case, smtp_server: Any, settings: Any
) -> None:
    settings.DELIVERY_BATCH_SIZE = LETTERS
    letters = _letters(case)

    with database_away(DatabaseAway(failures=3)) as away:
        result = _loop().run_once()

    assert away.failed == 3  # the blip happened
    assert result is not None and len(result.delivered) == LETTERS
    assert not Delivery.objects.filter(status=Delivery.Status.SENDING).exists()
    received = _received(smtp_server)
    assert set(received) >= letters
    assert all(received[mid] == 1 for mid in letters), received
    assert list(DeliveryAttempt.objects.values_list("number", flat=True)) == [1] * LETTERS


@pytest.mark.django_db(transaction=True)
def test_after_a_longer_outage_the_batch_is_recorded_and_given_back_at_once(
    case: Case, smtp_server: Any, settings: Any
) -> None:
    settings.DELIVERY_BATCH_SIZE = LETTERS
    settings.DELIVERY_LEASE_SECONDS = 300
    settings.DELIVERY_RECORD_RETRY_SECONDS = 0.5  # the outage outlasts the worker's patience
    letters = _letters(case)
    loop = _loop()

    with database_away(DatabaseAway(failures=1000)), pytest.raises(DeliveryNotRecorded):
        loop.run_once()
    # The first letter reached the mail server; the outage stopped the batch there.
    assert len(smtp_server.inbox.messages) == 1

    # The database is back: the next pass, long before the lease runs out, records the
    # letter that was sent and sends the rest.
    loop.run_once()
    loop.run_once()
    assert (
        not Delivery.objects.filter(kind=Delivery.Kind.LETTER)
        .exclude(status=Delivery.Status.DELIVERED)
        .exists()
    )
    received = _received(smtp_server)
    assert set(received) >= letters
    # Nothing sent twice: the letter in flight was recorded, not sent again.
    assert all(received[mid] == 1 for mid in letters), received
    assert (
        list(Delivery.objects.filter(kind=Delivery.Kind.LETTER).values_list("attempts", flat=True))
        == [1] * LETTERS
    )
