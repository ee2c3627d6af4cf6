"""Writes to the counters (Tally): actions owns them, since every count derives from
confirmed actions. Kept apart from services.py, which records and confirms actions."""

from __future__ import annotations

import random

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from writeathon.actions.models import Action, CountReport, Tally
from writeathon.campaigns.models import Campaign, Case, campaign_open_q
from writeathon.core.counters import counter_add


def tally_increment(*, campaign_id: int, case_id: int, by: int = 1) -> None:
    """Add to a case's counter; call inside the transaction that confirms the actions."""
    shard = random.randrange(settings.TALLY_SHARDS)  # noqa: S311 - spreading load, not security
    counter_add(
        Tally,
        key={"case_id": case_id, "shard": shard},
        amounts={"total": by},
        defaults={"campaign_id": campaign_id},
    )


def _case_totals(case_id: int) -> tuple[int, int]:
    """(what the tallies say, what the confirmed actions and counted reports say) for one
    case."""
    tallied = Tally.objects.filter(case_id=case_id).aggregate(n=Sum("total"))["n"] or 0
    actual = Action.objects.filter(case_id=case_id, status=Action.Status.CONFIRMED).count()
    reported = (
        CountReport.objects.filter(case_id=case_id, status=CountReport.Status.COUNTED).aggregate(
            n=Sum("count")
        )["n"]
        or 0
    )
    return int(tallied), actual + int(reported)


def tally_reconcile(*, campaign: Campaign | None = None) -> int:
    """Recompute the counters from the actions themselves (and the counts reported in bulk,
    CountReport); return how many cases changed.

    The counters are kept exact as actions are confirmed; this periodic roll-up repairs
    them after anything that bypassed the services (a staff deletion, a restored backup).
    Without a campaign it checks the open campaigns, whose counts still move. Each case is
    compared without locks first; only a case that differs is locked and recounted, so
    confirmations elsewhere never wait on the roll-up.
    """
    cases = (
        Case.objects.filter(campaign=campaign)
        if campaign is not None
        else Case.objects.filter(campaign_open_q(timezone.now(), prefix="campaign__"))
    )
    changed = 0
    for case_id, campaign_id in cases.values_list("pk", "campaign_id"):
        tallied, actual = _case_totals(case_id)
        if tallied == actual:
            continue
        with transaction.atomic():
            # Lock this case's tallies: a confirmation that has already counted commits
            # before we recount, one that has not waits and adds to the repaired figure.
            list(Tally.objects.select_for_update().filter(case_id=case_id).values_list("pk"))
            tallied, actual = _case_totals(case_id)
            if tallied == actual:
                continue
            Tally.objects.filter(case_id=case_id).delete()
            if actual:
                Tally.objects.create(
                    campaign_id=campaign_id, case_id=case_id, shard=0, total=actual
                )
            changed += 1
    return changed
