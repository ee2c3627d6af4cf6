"""A worker told to stop (SIGTERM) finishes the batch it claimed and claims nothing more."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import override_settings

from tests.delivery.outbox import SlowInbox, confirmed_action
from writeathon.campaigns.services import sample_campaign_load
from writeathon.delivery.models import Delivery
from writeathon.worker import BackgroundWorker


@pytest.mark.django_db(transaction=True)
def test_stop_mid_batch_leaves_nothing_half_sent(
    slow_inbox: tuple[SlowInbox, int], settings: Any
) -> None:
    inbox, port = slow_inbox
    settings.DELIVERY_BATCH_SIZE = 5
    settings.DELIVERY_POLL_SECONDS = 0.05
    case = sample_campaign_load().cases.get(slug="shawkan")
    for i in range(12):
        confirmed_action(case, email=f"writer{i}@example.net")

    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
    ):
        worker = BackgroundWorker(interval=0.05, periodic_check_seconds=60)
        thread = worker.start_in_thread()
        deadline = time.monotonic() + 30
        while inbox.count() < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        worker.stop()
        thread.join(timeout=60)
    assert not thread.is_alive()

    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    # Nothing is left claimed: the batch in hand was finished, the rest never taken.
    assert not Delivery.objects.filter(status=Delivery.Status.SENDING).exists()
    delivered = letters.filter(status=Delivery.Status.DELIVERED).count()
    assert delivered == 5  # exactly the first batch
    assert letters.filter(status=Delivery.Status.QUEUED).count() == 7
    assert len(set(inbox.message_ids)) == inbox.count() == 5
