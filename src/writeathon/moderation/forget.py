"""Moderation's part of erasure: only this changes its rows for it."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from writeathon.moderation.models import ModerationDecision


@transaction.atomic
def moderation_notes_forget(*, delivery_ids: Sequence[int]) -> int:
    """Empty moderators' notes on these deliveries, which can quote the writer; returns how
    many. The decisions stay: who, when, what, and the reasons screening gave (codes)."""
    return (
        ModerationDecision.objects.filter(delivery_id__in=list(delivery_ids))
        .exclude(note="")
        .update(note="")
    )
