from __future__ import annotations

from writeathon.actions.models import Action
from writeathon.campaigns.models import Case


def action_next_case(*, action: Action) -> Case | None:
    """A published case of the same campaign that this supporter has not yet acted on."""
    if action.supporter_id is None:
        done = Action.objects.filter(pk=action.pk).values("case_id")
    else:
        done = Action.objects.filter(supporter_id=action.supporter_id).values("case_id")
    return (
        Case.objects.filter(campaign_id=action.campaign_id, status=Case.Status.PUBLISHED)
        .exclude(pk__in=done)
        .select_related("campaign")
        .order_by("position", "pk")
        .first()
    )
