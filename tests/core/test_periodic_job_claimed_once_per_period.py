"""Each periodic job runs once per period, whichever of many workers asks first."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from writeathon.core.models import PeriodicJob
from writeathon.core.periodic import periodic_claim

pytestmark = pytest.mark.django_db

EVERY = timedelta(minutes=10)


def test_only_one_claim_per_period() -> None:
    with time_machine.travel("2030-12-10 09:00 +0000", tick=False) as clock:
        assert periodic_claim(name="reconcile", every=EVERY) is True
        # Other workers asking in the same period get nothing.
        assert [periodic_claim(name="reconcile", every=EVERY) for _ in range(3)] == [False] * 3

        clock.shift(EVERY - timedelta(seconds=1))
        assert periodic_claim(name="reconcile", every=EVERY) is False

        clock.shift(timedelta(seconds=1))
        assert periodic_claim(name="reconcile", every=EVERY) is True
        assert periodic_claim(name="reconcile", every=EVERY) is False

        job = PeriodicJob.objects.get(name="reconcile")
        assert job.last_run_at is not None
        assert job.last_run_at.isoformat() == "2030-12-10T09:10:00+00:00"
    assert PeriodicJob.objects.count() == 1


def test_jobs_are_claimed_independently() -> None:
    with time_machine.travel("2030-12-10 09:00 +0000", tick=False):
        assert periodic_claim(name="first", every=EVERY) is True
        assert periodic_claim(name="second", every=EVERY) is True
        assert periodic_claim(name="first", every=EVERY) is False
