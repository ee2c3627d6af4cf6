"""Deliveries that erasure, "stop all email" or a purge marked rejected before cancelled
existed (recognisable by the note they were given) become cancelled with their reason; a
moderator's rejection stays a rejection. The migration can be undone."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.db import connection

from tests.delivery.outbox import confirmed_action
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery

migration = importlib.import_module(
    "writeathon.delivery.migrations.0005_cancelled_status_apart_from_rejected"
)

# As the outbox wrote them.
OLD_NOTES = {
    Delivery.CancelReason.ERASED: "Erased at the supporter's request.",
    Delivery.CancelReason.ERASED_INACTIVE: "Erased after a long time without activity.",
    Delivery.CancelReason.EMAIL_STOPPED: "Not sent: the supporter stopped all email.",
    Delivery.CancelReason.PURGED: (
        "Message text deleted after the retention period: it can no longer be sent."
    ),
}


def _old_row(case: Case, email: str, status: str, last_error: str) -> Delivery:
    delivery = confirmed_action(case, email=email).deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=status, last_error=last_error)
    return delivery


def _state(delivery: Delivery) -> tuple[str, str, str]:
    delivery.refresh_from_db()
    return delivery.status, delivery.cancel_reason, delivery.last_error


def test_rows_rejected_by_erasure_or_purge_become_cancelled_and_back(case: Case) -> None:
    by_reason = {
        reason: _old_row(case, f"{reason}@example.net", "rejected", note)
        for reason, note in OLD_NOTES.items()
    }
    by_moderator = _old_row(case, "insult@example.net", "rejected", "")
    dead = _old_row(case, "dead@example.net", "dead", "550 Mailbox blocked")
    # A delivered notice whose address erasure removed kept the note, but went out.
    delivered = _old_row(
        case, "sent@example.net", "delivered", OLD_NOTES[Delivery.CancelReason.ERASED]
    )

    migration.cancelled_apart_from_rejected(apps, connection.schema_editor())

    for reason, delivery in by_reason.items():
        assert _state(delivery) == ("cancelled", reason, ""), reason
    assert _state(by_moderator) == ("rejected", "", "")
    assert _state(dead) == ("dead", "", "550 Mailbox blocked")
    assert _state(delivered) == ("delivered", "", OLD_NOTES[Delivery.CancelReason.ERASED])

    migration.cancelled_back_to_rejected(apps, connection.schema_editor())

    for reason, delivery in by_reason.items():
        assert _state(delivery) == ("rejected", "", OLD_NOTES[reason]), reason
    assert _state(by_moderator) == ("rejected", "", "")
    assert _state(dead) == ("dead", "", "550 Mailbox blocked")


def test_running_it_twice_changes_nothing_more(case: Case) -> None:
    erased = _old_row(
        case, "twice@example.net", "rejected", OLD_NOTES[Delivery.CancelReason.ERASED]
    )
    migration.cancelled_apart_from_rejected(apps, connection.schema_editor())
    migration.cancelled_apart_from_rejected(apps, connection.schema_editor())
    assert _state(erased) == ("cancelled", "erased", "")
