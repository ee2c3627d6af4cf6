"""A try is counted when a worker tries, not when it claims; a row that keeps losing its
worker is parked for staff, with the reason, after a few reclaims instead of going round
for ever."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.delivery.staff import OUTBOX
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery, DeliveryAttempt
from writeathon.delivery.services import delivery_claim


def _letters(case: Case, count: int) -> list[Delivery]:
    for i in range(count):
        confirmed_action(case, email=f"writer{i}@example.net")
    return list(Delivery.objects.filter(kind=Delivery.Kind.LETTER).order_by("pk"))


def _after_the_lease(settings: Any, times: int = 1) -> Any:
    return timezone.now() + timedelta(seconds=(settings.DELIVERY_LEASE_SECONDS + 1) * times)


@pytest.mark.django_db
def test_rows_of_an_abandoned_batch_are_not_charged_a_try(
    case: Case, smtp_server: Any, settings: Any
) -> None:
    letters = _letters(case, 3)
    # A worker claims the batch and dies before trying any of it.
    assert sorted(delivery_claim(worker_id="died-early")) == [d.pk for d in letters]
    assert list(Delivery.objects.values_list("attempts", flat=True)) == [0, 0, 0]

    with time_machine.travel(_after_the_lease(settings), tick=False):
        result = outbox_pass("second-worker")

    assert sorted(result.delivered) == [d.pk for d in letters]
    # One try each: the one that was made.
    letters_now = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    assert list(letters_now.values_list("attempts", flat=True)) == [1, 1, 1]
    assert list(
        DeliveryAttempt.objects.filter(delivery__in=letters).values_list("number", flat=True)
    ) == [1, 1, 1]
    assert len(smtp_server.inbox.messages) == 3


@pytest.mark.django_db
def test_a_failed_try_is_counted_once(case: Case, smtp_server: Any, settings: Any) -> None:
    settings.EMAIL_PORT = 9  # nothing listens: the try fails and is tried again later
    [letter] = _letters(case, 1)
    assert outbox_pass().failed == [letter.pk]
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (Delivery.Status.FAILED, 1)


@pytest.mark.django_db
def test_a_row_that_keeps_losing_its_worker_is_parked_for_staff(
    case: Case, smtp_server: Any, settings: Any, outbox_staff: Client
) -> None:
    settings.DELIVERY_MAX_RECLAIMS = 2
    [letter, other] = _letters(case, 2)
    # Each worker that takes this letter dies while holding it.
    assert letter.pk in delivery_claim(worker_id="worker-1", limit=1)
    for n in (1, 2):
        with time_machine.travel(_after_the_lease(settings, n), tick=False):
            assert delivery_claim(worker_id=f"worker-{n + 1}", limit=1) == [letter.pk]
    with time_machine.travel(_after_the_lease(settings, 3), tick=False):
        # The third time it is not taken again: it waits for staff, and the next row goes.
        assert delivery_claim(worker_id="worker-4", limit=1) == [other.pk]

    letter.refresh_from_db()
    assert letter.status == Delivery.Status.PARKED
    assert letter.lease_until is None and letter.claimed_by == ""
    assert "3 times" in letter.last_error
    assert DeliveryAttempt.objects.filter(
        delivery=letter, outcome=DeliveryAttempt.Outcome.PARKED
    ).exists()
    assert smtp_server.inbox.messages == []

    # Staff see it among what needs them, with the reason, and can try it again.
    page = outbox_staff.get(OUTBOX).content.decode()
    assert "Parked for staff" in page
    listed = outbox_staff.get(OUTBOX + "?status=parked").content.decode()
    assert f'name="one" value="{letter.pk}"' in listed
    assert "3 times" in listed
    response = outbox_staff.post(OUTBOX + "retry/", {"one": str(letter.pk), "next": OUTBOX})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.reclaims) == (Delivery.Status.QUEUED, 0)
    with time_machine.travel(_after_the_lease(settings, 4), tick=False):
        assert letter.pk in outbox_pass().delivered
    received = [str(m["Message-ID"]) for m in smtp_server.inbox.messages]
    assert received.count(letter.message_id) == 1


@pytest.mark.django_db
def test_a_recorded_outcome_resets_the_reclaims(
    case: Case, smtp_server: Any, settings: Any
) -> None:
    settings.DELIVERY_MAX_RECLAIMS = 1
    [letter] = _letters(case, 1)
    delivery_claim(worker_id="worker-1")
    with time_machine.travel(_after_the_lease(settings), tick=False):
        settings.EMAIL_PORT = 9  # the second worker tries, and the server is away
        assert outbox_pass("worker-2").failed == [letter.pk]
    letter.refresh_from_db()
    assert (letter.status, letter.reclaims, letter.attempts) == (Delivery.Status.FAILED, 0, 1)
