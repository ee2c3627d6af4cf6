"""Housekeeping keeps the attempt log of recent messages and drops the old."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.delivery.outbox import confirmed_action, outbox_pass
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery, DeliveryAttempt, DeliveryPace
from writeathon.delivery.services import outbox_purge


def test_purge_drops_old_attempts_and_idle_lines_only(case: Case) -> None:
    confirmed_action(case)
    outbox_pass()
    letter = Delivery.objects.get(kind=Delivery.Kind.LETTER)
    assert DeliveryAttempt.objects.filter(delivery=letter).count() == 1
    DeliveryPace.objects.create(
        channel="fax", recipient="+12025550101", next_allowed_at=timezone.now()
    )

    assert outbox_purge() == 0  # everything is recent
    later = timezone.now() + timedelta(days=91)
    assert outbox_purge(now=later) == 2
    assert not DeliveryAttempt.objects.filter(delivery=letter).exists()
    assert not DeliveryPace.objects.exists()
    # The delivery itself stays: it is the record that the letter went.
    letter.refresh_from_db()
    assert letter.status == Delivery.Status.DELIVERED
