"""Any number of workers claim from one outbox: each delivery goes to exactly one of them."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.db import connections
from django.utils import timezone

from tests.conftest import SmtpServer
from tests.delivery.outbox import confirmed_action, outbox_pass
from writeathon.campaigns.services import sample_campaign_load
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import delivery_claim, delivery_send_claimed

LETTERS = 40


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_letter_once(smtp_server: SmtpServer) -> None:
    case = sample_campaign_load().cases.get(slug="shawkan")
    for i in range(LETTERS):
        confirmed_action(case, email=f"writer{i}@example.net")
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work(name: str) -> None:
        try:
            start.wait()
            while True:
                ids = delivery_claim(worker_id=name, limit=3)
                if not ids:
                    break
                claimed[name].extend(ids)
                delivery_send_claimed(worker_id=name, delivery_ids=ids)
        except BaseException as exc:  # reported to the test thread below
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's connections

    threads = [threading.Thread(target=work, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert claimed["a"] and claimed["b"], "both workers took part"
    assert not set(claimed["a"]) & set(claimed["b"])

    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    assert not letters.exclude(status=Delivery.Status.DELIVERED).exists()
    seen = Counter(m["Message-ID"] for m in smtp_server.inbox.messages)
    assert set(seen) >= {d.message_id for d in letters}
    assert max(seen.values()) == 1


def test_a_dead_workers_claim_runs_out_and_another_worker_sends(
    case: object, smtp_server: SmtpServer, settings: object
) -> None:
    confirmed_action(sample_campaign_load().cases.get(slug="shawkan"))
    ids = delivery_claim(worker_id="dies")
    assert len(ids) == 1
    # While the claim holds, nobody else takes the row.
    assert delivery_claim(worker_id="other") == []

    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=True):
        taken = delivery_claim(worker_id="other")
        assert taken == ids
        delivery_send_claimed(worker_id="other", delivery_ids=taken)
        # The first worker wakes up late: its claim is gone, so it sends nothing.
        late = delivery_send_claimed(worker_id="dies", delivery_ids=ids)
    assert late.delivered == []
    assert len(smtp_server.inbox.messages) == 1
    delivery = Delivery.objects.get(pk=ids[0])
    assert delivery.status == Delivery.Status.DELIVERED
    # The dead worker only claimed the row, it never tried it: one try, the one made.
    assert delivery.attempts == 1


def test_claims_come_oldest_first_in_batches(case: object) -> None:
    shawkan = sample_campaign_load().cases.get(slug="shawkan")
    for i in range(5):
        confirmed_action(shawkan, email=f"writer{i}@example.net")
    first = delivery_claim(worker_id="w", limit=2)
    second = delivery_claim(worker_id="w", limit=10)
    assert len(first) == 2 and len(second) == 3
    assert max(first) < min(second)
    assert outbox_pass().delivered == []  # everything is claimed by "w"
