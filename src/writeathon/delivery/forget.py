"""The outbox's part of erasure, "stop all email" and the retention purges.

The use cases that span apps (writeathon.usecases.privacy) decide what to forget and when;
these services are the only code that changes the outbox's rows for them. A delivery called
off here is cancelled, with its reason: "rejected" stays a moderator's decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q

from writeathon.core.tasks import enqueue_with_transaction
from writeathon.delivery.models import Delivery, DeliveryAttempt, DeliveryPace, PrintRun

# Stored in a print run's error column as written: a record for staff, not a page.
NOTE_RUN_EMPTIED = "Erased at the supporter's request."

# What a delivery's payload keeps once its text is gone: how it looked, not what it said.
_PAYLOAD_TEXT_KEYS = frozenset(
    {"subject", "body", "text", "signer_name", "signer_country", "reply_to", "copy_to"}
)
_PURGED = "purged"

_TO_THE_SUPPORTER = (
    Delivery.Kind.NOTICE,
    Delivery.Kind.REPLY,
    Delivery.Kind.CONFIRMATION,
    Delivery.Kind.DATA_LINK,
    Delivery.Kind.MESSAGE,
)
# Nothing more will happen to these on their own.
FINISHED_STATUSES = (
    Delivery.Status.DELIVERED,
    Delivery.Status.REJECTED,
    Delivery.Status.DEAD,
    Delivery.Status.CANCELLED,
)
# Not sent, and never will be: a delivery in one of these is not cancelled again.
_CALLED_OFF = (Delivery.Status.REJECTED, Delivery.Status.CANCELLED)


def _cancelled(reason: str) -> dict[str, Any]:
    """The fields of a delivery called off before it went."""
    return {
        "status": Delivery.Status.CANCELLED,
        "cancel_reason": reason,
        "last_error": "",
        "next_try_at": None,
        "lease_until": None,
    }


@dataclass(frozen=True)
class Forgotten:
    """What deliveries_forget touched: the deliveries, and the print runs whose PDF holds
    one of the forgotten letters (each to go through print_run_forget once the erasing
    transaction has committed)."""

    delivery_ids: list[int] = field(default_factory=list)
    print_run_ids: list[int] = field(default_factory=list)


def deliveries_forget(
    *, action_ids: Sequence[int], recipients: Sequence[str], reason: str
) -> Forgotten:
    """Forget the deliveries of these actions and those to these addresses or numbers.

    Call inside the erasing transaction. Letters and messages of these actions that have
    not gone yet are cancelled with `reason` (a Delivery.CancelReason) and taken out of the
    digest or print run they waited in; the text of every one of them is deleted. Notices
    and text-message replies to the supporter's own address or number lose the address, and
    their errors and attempt log, which can quote it ("recipient refused: ..."), are emptied.
    """
    with transaction.atomic():
        own = Delivery.objects.filter(
            Q(action_id__in=list(action_ids))
            | Q(kind__in=_TO_THE_SUPPORTER, recipient__in=list(recipients))
        )
        rows = list(own.select_for_update().values_list("pk", "status", "kind", "print_run_id"))
        if not rows:
            return Forgotten()
        unsent = [
            pk
            for pk, status, _kind, _run in rows
            if status not in (Delivery.Status.DELIVERED, *_CALLED_OFF)
        ]
        to_them = [pk for pk, _status, kind, _run in rows if kind in _TO_THE_SUPPORTER]
        runs = sorted({run for _pk, _status, _kind, run in rows if run is not None})
        Delivery.objects.filter(pk__in=[pk for pk, *_rest in rows]).update(payload={_PURGED: True})
        Delivery.objects.filter(pk__in=unsent).update(
            **_cancelled(reason), awaits_digest=False, bundle=None, print_run=None
        )
        Delivery.objects.filter(pk__in=to_them).update(recipient="", last_error="")
        DeliveryAttempt.objects.filter(delivery_id__in=to_them).update(error="")
        DeliveryPace.objects.filter(recipient__in=list(recipients)).delete()
        return Forgotten(delivery_ids=[pk for pk, *_rest in rows], print_run_ids=runs)


def deliveries_cancel_notices(*, action_ids: Sequence[int], reason: str) -> int:
    """Cancel the notices to a supporter still waiting in the outbox (held, queued or to be
    tried again) for these actions; returns how many."""
    with transaction.atomic():
        return Delivery.objects.filter(
            kind=Delivery.Kind.NOTICE,
            action_id__in=list(action_ids),
            status__in=[Delivery.Status.QUEUED, Delivery.Status.FAILED, Delivery.Status.HELD],
        ).update(**_cancelled(reason))


def print_run_forget(*, print_run_id: int) -> None:
    """A print run's PDF holds a forgotten letter; call after the forgetting committed.

    Once posted, the PDF is only a copy and is deleted; before, it is made again without
    the letter (cancelled and taken out of the run), or the run fails with nothing left to
    print.
    """
    from writeathon.delivery.tasks import print_run_render

    with transaction.atomic():
        run = PrintRun.objects.select_for_update().filter(pk=print_run_id).first()
        if run is None:
            return
        if run.pdf:
            run.pdf.delete(save=False)
        if run.status == PrintRun.Status.POSTED:
            PrintRun.objects.filter(pk=print_run_id).update(pdf="")
            return
        left = run.deliveries.count()
        if not left:
            PrintRun.objects.filter(pk=print_run_id).update(
                pdf="", item_count=0, status=PrintRun.Status.FAILED, error=NOTE_RUN_EMPTIED
            )
            return
        PrintRun.objects.filter(pk=print_run_id).update(
            pdf="", item_count=left, status=PrintRun.Status.RENDERING, error=""
        )
        enqueue_with_transaction(print_run_render, print_run_id=print_run_id)


def deliveries_text_purge(*, finished_before: datetime, limit: int, batch: int) -> int:
    """Delete the text of deliveries finished (delivered, rejected, dead or cancelled) before
    `finished_before`, at most `limit` of them, `batch` per transaction; returns how many.

    A dead delivery is cancelled too: staff may try a dead delivery again, and without its
    text it must not go out.
    """
    finished_long_ago = (
        Delivery.objects.filter(status__in=FINISHED_STATUSES)
        .filter(
            Q(delivered_at__lt=finished_before)
            | Q(delivered_at__isnull=True, updated_at__lt=finished_before)
        )
        .exclude(payload__has_key=_PURGED)
        .order_by()
    )
    ids = list(finished_long_ago.values_list("pk", flat=True)[:limit])
    return sum(_deliveries_text_purge_batch(ids[i : i + batch]) for i in range(0, len(ids), batch))


@transaction.atomic
def _deliveries_text_purge_batch(ids: list[int]) -> int:
    changed = 0
    rows = Delivery.objects.select_for_update().filter(pk__in=ids, status__in=FINISHED_STATUSES)
    for pk, status, payload in rows.values_list("pk", "status", "payload"):
        kept = {
            key: value
            for key, value in (payload if isinstance(payload, dict) else {}).items()
            if key not in _PAYLOAD_TEXT_KEYS
        }
        fields: dict[str, Any] = {"payload": {**kept, _PURGED: True}}
        if status == Delivery.Status.DEAD:
            fields |= _cancelled(Delivery.CancelReason.PURGED)
        changed += Delivery.objects.filter(pk=pk).update(**fields)
    return changed


def print_runs_pdf_purge(*, posted_before: datetime) -> int:
    """Delete the PDF of print runs posted before `posted_before`; returns how many."""
    changed = 0
    for run in PrintRun.objects.filter(
        status=PrintRun.Status.POSTED, posted_at__lt=posted_before
    ).exclude(pdf=""):
        run.pdf.delete(save=False)
        changed += PrintRun.objects.filter(pk=run.pk).update(pdf="")
    return changed
