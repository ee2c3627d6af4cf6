"""Writes to the counters. Every count derives from confirmed actions."""

from __future__ import annotations

import random

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F

from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.reporting.models import Tally


def tally_increment(*, campaign_id: int, case_id: int, by: int = 1) -> None:
    """Add to a case's counter; call inside the transaction that confirms the actions."""
    shard = random.randrange(settings.TALLY_SHARDS)  # noqa: S311 - spreading load, not security
    updated = Tally.objects.filter(case_id=case_id, shard=shard).update(total=F("total") + by)
    if updated:
        return
    try:
        with transaction.atomic():
            Tally.objects.create(campaign_id=campaign_id, case_id=case_id, shard=shard, total=by)
    except IntegrityError:
        # Another transaction created this shard first.
        Tally.objects.filter(case_id=case_id, shard=shard).update(total=F("total") + by)


@transaction.atomic
def tally_reconcile(*, campaign: Campaign | None = None) -> int:
    """Recompute the counters from the actions themselves; return how many cases changed.

    The counters are kept exact as actions are confirmed; this periodic roll-up repairs
    them after anything that bypassed the services (a staff deletion, a restored backup).
    """
    cases = Case.objects.all() if campaign is None else Case.objects.filter(campaign=campaign)
    # Lock the tallies first: a confirmation that has already counted commits before we
    # read, and one that has not yet counted waits and adds to the reconciled figure.
    locked = list(
        Tally.objects.select_for_update().filter(case__in=cases).values_list("case_id", "total")
    )
    current: dict[int, int] = {}
    for case_id, total in locked:
        current[case_id] = current.get(case_id, 0) + total
    actual = dict(
        Action.objects.filter(case__in=cases, status=Action.Status.CONFIRMED)
        .values("case_id")
        .annotate(n=Count("pk"))
        .values_list("case_id", "n")
    )
    changed = 0
    for case in cases.only("pk", "campaign_id"):
        want = actual.get(case.pk, 0)
        if current.get(case.pk, 0) == want:
            continue
        changed += 1
        Tally.objects.filter(case_id=case.pk).delete()
        if want:
            Tally.objects.create(campaign_id=case.campaign_id, case_id=case.pk, shard=0, total=want)
    return changed
