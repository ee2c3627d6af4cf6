"""Staff decisions on the outbox: each made through its service and logged with who, when, what.

The staff pages and the admin both call these, so that a decision leaves the same trace in
the admin's history whichever way it was taken. The rows are locked first, so that only
what this call changed is logged when two people act on the same rows at once. (Moderators'
decisions on held messages are in writeathon.moderation.services.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction

from writeathon.campaigns.models import Case, Target
from writeathon.delivery.models import Delivery, PrintRun
from writeathon.delivery.selectors import RETRYABLE_STATUSES
from writeathon.delivery.services import (
    delivery_retry,
    print_run_create,
    print_run_mark_posted,
)

# Stored in the log as written: the history is a record, read as it was when it was made.
MESSAGE_RETRIED = "Tried again by staff (was %s)."
MESSAGE_RUN_CREATED = "Print run created with %d items."
MESSAGE_RUN_POSTED = "Marked as posted."


def deliveries_retry_logged(*, delivery_ids: Iterable[int], user_id: int) -> list[int]:
    """Try dead or failed deliveries again; returns the ids that were sent on their way."""
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=list(delivery_ids), status__in=RETRYABLE_STATUSES, bundle__isnull=True)
            .order_by("pk")
            .values_list("pk", "status")
        )
        ids = [pk for pk, _status in rows]
        if not ids:
            return []
        delivery_retry(delivery_ids=ids)
        for was in sorted({status for _pk, status in rows}):
            LogEntry.objects.log_actions(
                user_id,
                Delivery.objects.filter(pk__in=[pk for pk, status in rows if status == was]),
                CHANGE,
                MESSAGE_RETRIED % was,
            )
        return ids


def print_run_create_logged(
    *, case: Case, kind: str, target: Target | None, user_id: int
) -> PrintRun | None:
    """Make a print run of what waits; None when nothing does."""
    with transaction.atomic():
        run = print_run_create(case=case, kind=kind, target=target, user_id=user_id)
        if run is not None:
            LogEntry.objects.log_actions(
                user_id,
                PrintRun.objects.filter(pk=run.pk),
                ADDITION,
                MESSAGE_RUN_CREATED % run.item_count,
                single_object=True,
            )
        return run


def print_run_mark_posted_logged(*, print_run_id: int, user_id: int) -> bool:
    """Record that a ready print run was posted; False if it was not ready."""
    with transaction.atomic():
        posted = print_run_mark_posted(print_run_id=print_run_id, user_id=user_id)
        if posted:
            LogEntry.objects.log_actions(
                user_id,
                PrintRun.objects.filter(pk=print_run_id),
                CHANGE,
                MESSAGE_RUN_POSTED,
                single_object=True,
            )
        return posted
