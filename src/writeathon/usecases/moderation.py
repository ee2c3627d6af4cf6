"""A moderator's decision on held messages: recorded by moderation, carried out by the outbox."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from writeathon.delivery.services import deliveries_review
from writeathon.moderation.services import moderation_decisions_record


def moderation_decide(
    *, delivery_ids: Iterable[int], approve: bool, note: str, user_id: int
) -> list[int]:
    """Pass held letters and messages of solidarity on, or reject them; returns the ids
    decided by this call (others were not held, or someone decided them first).

    Approved letters go out now (postal letters wait for a print run, digest letters for
    the day's digest); approved messages of solidarity wait for the next card run. Each
    decision is recorded with who, when, the note and the reasons the message was held,
    and in the delivery's history.
    """
    with transaction.atomic():
        decided = deliveries_review(delivery_ids=delivery_ids, approve=approve, user_id=user_id)
        moderation_decisions_record(decided=decided, approve=approve, note=note, user_id=user_id)
        return sorted(decided)
