"""Writes for moderation: keeping what screening found, and moderators' decisions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from writeathon.core.staff import Viewer
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import deliveries_review
from writeathon.moderation.models import ModerationDecision, RecentMessage, ScreeningResult
from writeathon.moderation.screening import Screening, Verdict

# Stored in the delivery's history as written: a record, read as it was when it was made.
MESSAGE_PASSED_ON = "Passed on after review."
MESSAGE_REJECTED = "Rejected after review."
# Held messages a moderator decides: letters to officials and messages of solidarity.
MODERATED_KINDS = (Delivery.Kind.LETTER, Delivery.Kind.SOLIDARITY)


def screening_record(*, action_id: int, case_id: int | None, screening: Screening) -> None:
    """Keep what screening found for a message just stored with action `action_id`.

    Call in the transaction that stores the action, before its deliveries are created: a
    held message gets a ScreeningResult, and its deliveries are then created held. A
    message that screening would have rejected but that was stored all the same (a source
    that cannot ask the writer to change it) is held. The message's fingerprint is kept to
    compare the source's next messages with.
    """
    if screening.verdict == Verdict.PASS:
        # An action stored again in place of a declined one starts afresh.
        ScreeningResult.objects.filter(action_id=action_id).delete()
    else:
        ScreeningResult.objects.update_or_create(
            action_id=action_id,
            defaults={
                "verdict": ScreeningResult.Verdict.HOLD,
                "reasons": " ".join(screening.reason_codes),
            },
        )
    if screening.source_hash and screening.fingerprint:
        RecentMessage.objects.create(
            source_hash=screening.source_hash,
            case_id=case_id,
            fingerprint=screening.fingerprint,
            is_sample=screening.is_sample,
        )


def recent_messages_purge(*, now: datetime | None = None) -> int:
    """Forget fingerprints older than the flood window (periodic job); returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.MODERATION_FLOOD_WINDOW_HOURS)
    deleted, _ = RecentMessage.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def moderation_decide(
    *, delivery_ids: Iterable[int], approve: bool, note: str, user: Viewer
) -> list[int]:
    """Pass held letters and messages of solidarity on, or reject them; returns the ids
    decided by this call (others were not held, or someone decided them first).

    Approved letters go out now (postal letters wait for a print run, digest letters for
    the day's digest); approved messages of solidarity wait for the next card run. Each
    decision is recorded with who, when, the note and the reasons the message was held,
    and in the delivery's history.
    """
    user_id = int(user.pk)
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update()
            .filter(
                pk__in=list(delivery_ids), kind__in=MODERATED_KINDS, status=Delivery.Status.HELD
            )
            .order_by("pk")
            .values_list("pk", "action_id")
        )
        if not rows:
            return []
        ids = [pk for pk, _action_id in rows]
        reasons = dict(
            ScreeningResult.objects.filter(
                action_id__in=[action_id for _pk, action_id in rows if action_id is not None]
            ).values_list("action_id", "reasons")
        )
        deliveries_review(delivery_ids=ids, approve=approve, user_id=user_id)
        decision = (
            ModerationDecision.Decision.APPROVE if approve else ModerationDecision.Decision.REJECT
        )
        ModerationDecision.objects.bulk_create(
            [
                ModerationDecision(
                    delivery_id=pk,
                    decision=decision,
                    reasons=reasons.get(action_id, "") if action_id is not None else "",
                    note=note,
                    decided_by_id=user_id,
                )
                for pk, action_id in rows
            ]
        )
        LogEntry.objects.log_actions(
            user_id,
            Delivery.objects.filter(pk__in=ids),
            CHANGE,
            MESSAGE_PASSED_ON if approve else MESSAGE_REJECTED,
        )
        return ids
