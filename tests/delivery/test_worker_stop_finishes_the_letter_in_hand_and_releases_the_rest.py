"""A worker told to stop (SIGTERM) finishes the letter it is sending, gives the rest of its
batch back at once for another worker, and claims nothing more.

Against a slow mail server a whole batch can take minutes, longer than a service manager
waits; giving the rest back keeps the stop short and lets the others send it now.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from tests.delivery.outbox import SlowInbox, confirmed_action, outbox_pass
from tests.smtp import loopback_smtp
from writeathon.campaigns.services import sample_campaign_load
from writeathon.delivery.models import Delivery, DeliveryAttempt
from writeathon.worker import BackgroundWorker

SECONDS_PER_LETTER = 0.4


@pytest.fixture
def slow_server() -> Iterator[SlowInbox]:
    handler = SlowInbox(seconds=SECONDS_PER_LETTER)
    with loopback_smtp(handler):
        yield handler


@pytest.mark.django_db(transaction=True)
def test_stop_mid_batch_finishes_one_letter_and_hands_the_rest_to_another_worker(
    slow_server: SlowInbox, settings: Any
) -> None:
    settings.DELIVERY_BATCH_SIZE = 10
    settings.DELIVERY_POLL_SECONDS = 0.05
    case = sample_campaign_load().cases.get(slug="shawkan")
    for i in range(12):
        confirmed_action(case, email=f"writer{i}@example.net")

    worker = BackgroundWorker(interval=0.05, periodic_check_seconds=60)
    thread = worker.start_in_thread()
    deadline = time.monotonic() + 30
    while slow_server.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    asked_to_stop = time.monotonic()
    worker.stop()
    thread.join(timeout=60)
    stopped_after = time.monotonic() - asked_to_stop
    assert not thread.is_alive()

    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    delivered = letters.filter(status=Delivery.Status.DELIVERED).count()
    # The letter in hand was finished, not the eight or so left in the batch.
    assert 2 <= delivered <= 3
    assert stopped_after < 3 * SECONDS_PER_LETTER
    assert not Delivery.objects.filter(status=Delivery.Status.SENDING).exists()
    given_back = letters.filter(status=Delivery.Status.QUEUED)
    assert given_back.count() == 12 - delivered
    now = timezone.now()
    for letter in given_back:
        # Due at once, unclaimed, and charged no attempt: it was never tried.
        assert letter.next_try_at is not None and letter.next_try_at <= now
        assert (letter.claimed_by, letter.lease_until, letter.attempts) == ("", None, 0)
    assert not DeliveryAttempt.objects.filter(delivery__in=given_back).exists()
    assert len(set(slow_server.message_ids)) == slow_server.count() == delivered

    # Another worker takes them now, without waiting for any lease to run out.
    while outbox_pass(worker_id="another-worker").delivered:
        pass
    assert letters.filter(status=Delivery.Status.DELIVERED).count() == 12
    for letter in letters:
        assert slow_server.message_ids.count(letter.message_id) == 1
