from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Sum

from writeathon.actions.models import Action, CountReport
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel


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


def case_signature_counts(*, case_ids: Collection[int]) -> dict[int, int]:
    """The signatures each case has: its confirmed signature actions and the signatures
    counted in bulk (paper petitions an event reported, an imported tally). Every case
    asked for is in the answer, with 0 when it has none."""
    ids = list(case_ids)
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    confirmed = (
        Action.objects.filter(
            case_id__in=ids, channel=Channel.SIGNATURE, status=Action.Status.CONFIRMED
        )
        .values("case_id")
        .annotate(n=Count("pk"))
        .values_list("case_id", "n")
    )
    reported = (
        CountReport.objects.filter(
            case_id__in=ids, channel=Channel.SIGNATURE, status=CountReport.Status.COUNTED
        )
        .values("case_id")
        .annotate(n=Sum("count"))
        .values_list("case_id", "n")
    )
    for case_id, n in [*confirmed, *reported]:
        counts[case_id] += int(n or 0)
    return counts
