"""A periodic job that fails records its error and does not stop the jobs after it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from writeathon.core.models import PeriodicJob
from writeathon.core.periodic import PeriodicJobSpec, periodic_run_due

pytestmark = pytest.mark.django_db


def test_failure_is_recorded_and_the_next_job_runs(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("the gateway is down")

    def healthy() -> None:
        calls.append("healthy")

    jobs = [
        PeriodicJobSpec(name="broken", every=timedelta(minutes=5), run=broken),
        PeriodicJobSpec(name="healthy", every=timedelta(minutes=5), run=healthy),
    ]

    with time_machine.travel("2030-12-10 09:00 +0000", tick=False) as clock:
        assert periodic_run_due(jobs) == ["broken", "healthy"]
        assert calls == ["broken", "healthy"]
        assert PeriodicJob.objects.get(name="broken").last_error == (
            "RuntimeError: the gateway is down"
        )
        assert PeriodicJob.objects.get(name="healthy").last_error == ""
        assert "Periodic job broken failed" in caplog.text

        # Not due again within the period, even the one that failed.
        assert periodic_run_due(jobs) == []
        assert calls == ["broken", "healthy"]

        # Next period: the job recovers and its old error is cleared.
        clock.shift(timedelta(minutes=5))
        jobs[0] = PeriodicJobSpec(name="broken", every=timedelta(minutes=5), run=healthy)
        assert periodic_run_due(jobs) == ["broken", "healthy"]
    assert PeriodicJob.objects.get(name="broken").last_error == ""
