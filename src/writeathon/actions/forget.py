"""The actions' part of erasure and the retention purges: only these change their rows for it.

Only text fields are emptied: the rows themselves, their case, channel, status and dates,
stay and keep counting.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from writeathon.actions.models import Action
from writeathon.actions.tallies import tally_country_forget


@transaction.atomic
def actions_forget(*, supporter_id: int) -> list[int]:
    """Empty the name, country and message written with a supporter's actions (their
    confirmed ones move to "no country" in the tallies); returns the ids of their actions."""
    ids = list(Action.objects.filter(supporter_id=supporter_id).values_list("pk", flat=True))
    # The counts by country forget it too; the totals stay.
    tally_country_forget(action_ids=ids)
    Action.objects.filter(pk__in=ids).update(signer_name="", subject="", body="", country="")
    return ids


@transaction.atomic
def actions_text_purge(*, action_ids: Sequence[int]) -> int:
    """Delete the subject and message of these actions; returns how many changed."""
    return Action.objects.filter(pk__in=list(action_ids)).update(subject="", body="")


@transaction.atomic
def actions_unconfirmed_purge(*, action_ids: Sequence[int]) -> int:
    """Delete the text of these actions if still unconfirmed, and decline them: they never
    count. Returns how many changed."""
    return Action.objects.filter(
        pk__in=list(action_ids), status__in=[Action.Status.PENDING, Action.Status.DECLINED]
    ).update(subject="", body="", status=Action.Status.DECLINED)
