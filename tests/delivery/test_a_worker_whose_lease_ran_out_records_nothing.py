"""A worker whose lease ran out while the mail server kept it waiting records nothing when
the answer finally comes: another worker has taken the delivery over, and its result
stands, with no try, error or dead digest letter from the late one, whatever the answer."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from typing import Any

import pytest
import time_machine
from django.db import connections

from tests.delivery.outbox import confirmed_action
from tests.factories import sample_campaign_load_for_tests
from tests.smtp import loopback_smtp
from writeathon.campaigns.models import Target
from writeathon.delivery.models import Delivery, DeliveryAttempt
from writeathon.delivery.services import (
    BatchResult,
    delivery_claim,
    delivery_send_claimed,
    digests_compose,
)

MORNING = datetime(2016, 12, 10, 9, 0, tzinfo=UTC)


@dataclass
class StallingServer:
    """Keeps the first message waiting until told, then answers it with `first_answer`;
    accepts every later one (and keeps their Message-IDs)."""

    first_answer: str = "554 5.7.1 Message rejected as spam"
    reached: threading.Event = field(default_factory=threading.Event)
    answer_now: threading.Event = field(default_factory=threading.Event)
    accepted: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.reached.is_set():
            self.reached.set()
            while not self.answer_now.is_set():
                await asyncio.sleep(0.01)
            return self.first_answer
        self.accepted.append(str(message_from_bytes(envelope.content)["Message-ID"]))
        return "250 Message accepted for delivery"


@pytest.fixture
def stalling_server() -> Iterator[StallingServer]:
    server = StallingServer()
    with loopback_smtp(server):
        try:
            yield server
        finally:
            server.answer_now.set()  # never leave the server waiting


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "late_answer",
    [
        "554 5.7.1 Message rejected as spam",
        "451 4.3.0 Try again later",
        "250 Message accepted for delivery",
    ],
    ids=["refused-for-good", "refused-for-now", "accepted-late"],
)
def test_the_late_workers_failure_leaves_the_other_workers_delivery_alone(
    stalling_server: StallingServer, settings: Any, late_answer: str
) -> None:
    stalling_server.first_answer = late_answer
    case = sample_campaign_load_for_tests().cases.get(slug="shawkan")
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST, language="en")
    with time_machine.travel(MORNING - timedelta(days=1), tick=False):
        for i in range(2):
            confirmed_action(case, email=f"writer{i}@example.net")
    late: list[BatchResult] = []
    errors: list[BaseException] = []

    def slow_worker(ids: list[int]) -> None:
        try:
            late.append(delivery_send_claimed(worker_id="slow", delivery_ids=ids))
        except BaseException as exc:  # reported to the test thread below
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's connections

    with time_machine.travel(MORNING, tick=True):
        assert digests_compose() == 1
        digest = Delivery.objects.get(kind=Delivery.Kind.DIGEST)
        ids = delivery_claim(worker_id="slow")
        assert ids == [digest.pk]
        thread = threading.Thread(target=slow_worker, args=(ids,))
        thread.start()
        try:
            # The slow worker has begun its try; the mail server keeps it waiting.
            assert stalling_server.reached.wait(timeout=60)
            lease = timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 60)
            with time_machine.travel(MORNING + lease, tick=True):
                # Its lease ran out: another worker takes the digest over and sends it.
                assert delivery_claim(worker_id="quick") == ids
                quick = delivery_send_claimed(worker_id="quick", delivery_ids=ids)
                assert quick.delivered == ids
                # Now the mail server answers the slow worker at last.
                stalling_server.answer_now.set()
                thread.join(timeout=60)
        finally:
            stalling_server.answer_now.set()
            thread.join(timeout=60)
    assert not errors, errors
    assert not thread.is_alive()

    digest.refresh_from_db()
    assert digest.status == Delivery.Status.DELIVERED
    assert digest.claimed_by == "quick"
    assert digest.last_error == ""
    assert stalling_server.accepted == [digest.message_id]
    tries = list(DeliveryAttempt.objects.filter(delivery=digest).values_list("worker", "outcome"))
    assert tries == [("quick", DeliveryAttempt.Outcome.DELIVERED)]
    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    assert letters.count() == 2
    assert set(letters.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}
    assert set(letters.values_list("last_error", flat=True)) == {""}
    # The late worker counts the delivery as none of its own.
    assert late[0].failed == [] and late[0].dead == [] and late[0].delivered == []
