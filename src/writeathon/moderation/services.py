"""Writes for moderation: keeping what screening found, and moderators' decisions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from writeathon.moderation.models import ModerationDecision, RecentMessage, ScreeningResult
from writeathon.moderation.screening import Screening, Verdict


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


@transaction.atomic
def moderation_decisions_record(
    *, decided: Mapping[int, int | None], approve: bool, note: str, user_id: int
) -> None:
    """Record moderators' decisions: `decided` maps each delivery decided to its action.

    Each decision is kept with who, when, the note and the reasons screening held the
    message for. The outbox carries the decision out (delivery.services.deliveries_review),
    and writeathon.usecases.moderation does both in one transaction.
    """
    if not decided:
        return
    reasons = dict(
        ScreeningResult.objects.filter(
            action_id__in=[action_id for action_id in decided.values() if action_id is not None]
        ).values_list("action_id", "reasons")
    )
    decision = (
        ModerationDecision.Decision.APPROVE if approve else ModerationDecision.Decision.REJECT
    )
    ModerationDecision.objects.bulk_create(
        [
            ModerationDecision(
                delivery_id=delivery_id,
                decision=decision,
                reasons=reasons.get(action_id, "") if action_id is not None else "",
                note=note,
                decided_by_id=user_id,
            )
            for delivery_id, action_id in sorted(decided.items())
        ]
    )
