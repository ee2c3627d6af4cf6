"""The background worker runs what the site queued, through the real database task backend."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from tests.conftest import SmtpServer
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.campaigns.services import sample_campaign_load
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.usecases.intake import action_submit
from writeathon.worker import BackgroundWorker

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _submit(case: Case, email: str) -> Action:
    return action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email=email,
        name="Lina",
        country="LB",
        language="en",
        base_url="http://testserver",
    ).action


def _wait_for(condition: Any, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_worker_sends_the_confirmation_email_queued_with_the_action(
    smtp_server: SmtpServer,
) -> None:
    case = sample_campaign_load().cases.get(slug="annie-alfred")
    _submit(case, "lina@example.net")
    # The email is an outbox row written in the action's own transaction: nothing sent yet.
    assert Delivery.objects.get().kind == Delivery.Kind.CONFIRMATION
    assert smtp_server.inbox.messages == []

    worker = BackgroundWorker(interval=0.05, periodic_check_seconds=0.2)
    thread = worker.start_in_thread()
    try:
        assert _wait_for(lambda: len(smtp_server.inbox.messages) == 1)
        assert _wait_for(
            lambda: Delivery.objects.filter(status=Delivery.Status.DELIVERED).count() == 1
        )
    finally:
        worker.stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
    message = smtp_server.inbox.messages[0]
    assert message["To"] == "lina@example.net"
    assert "Annie Alfred" in message["Subject"]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_rolled_back_action_leaves_no_email_behind() -> None:
    case = sample_campaign_load().cases.get(slug="shawkan")

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        _submit(case, "rolled-back@example.net")
        assert Delivery.objects.count() == 1
        raise Abort

    assert Delivery.objects.count() == 0
    assert not Action.objects.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_worker_runs_periodic_jobs_once_per_period() -> None:
    from writeathon.core.models import PeriodicJob

    sample_campaign_load()
    worker = BackgroundWorker(interval=0.05, periodic_check_seconds=0.05)
    thread = worker.start_in_thread()
    try:
        # The row is created first, then claimed: wait for the claim itself.
        ran = PeriodicJob.objects.filter(name="tally_reconcile", last_run_at__isnull=False)
        assert _wait_for(ran.exists)
        first = PeriodicJob.objects.get(name="tally_reconcile").last_run_at
        time.sleep(0.5)
        # Several checks later the job has not run again: its period is ten minutes.
        assert PeriodicJob.objects.get(name="tally_reconcile").last_run_at == first
    finally:
        worker.stop()
        thread.join(timeout=10)
