"""Periodic jobs, run by whichever worker claims them first."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from writeathon.core.models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJobSpec:
    name: str
    every: timedelta
    run: Callable[[], object]


def periodic_claim(*, name: str, every: timedelta) -> bool:
    """Claim this period's run of a job; true for exactly one caller across all workers."""
    now = timezone.now()
    if not PeriodicJob.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                PeriodicJob.objects.create(name=name)
        except IntegrityError:
            pass  # another worker created it a moment ago
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - every)
    return PeriodicJob.objects.filter(due, name=name).update(last_run_at=now) == 1


def periodic_run_due(jobs: Sequence[PeriodicJobSpec]) -> list[str]:
    """Run every job whose period has passed and that this worker claimed. Returns their names."""
    ran: list[str] = []
    for job in jobs:
        if not periodic_claim(name=job.name, every=job.every):
            continue
        started = time.monotonic()
        error = ""
        try:
            job.run()
        except Exception as exc:  # a failing job must not stop the others or the worker
            logger.exception("Periodic job %s failed", job.name)
            error = f"{type(exc).__name__}: {exc}"
        PeriodicJob.objects.filter(name=job.name).update(
            last_duration_ms=int((time.monotonic() - started) * 1000), last_error=error
        )
        ran.append(job.name)
    return ran
