"""Moderation's answer to the outbox: is this message held for a moderator?"""

from __future__ import annotations

from writeathon.moderation.models import ScreeningResult


def action_held(*, action_id: int) -> bool:
    """Whether screening held the message of action `action_id`: a moderator reads it
    before anything leaves the platform."""
    return ScreeningResult.objects.filter(action_id=action_id).exists()
