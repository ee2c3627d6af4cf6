"""Queued work survives a mail server that is down and a worker killed mid-task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import SmtpServer, free_port, run_ready_tasks
from tests.delivery.outbox import outbox_pass
from writeathon.campaigns.models import Case
from writeathon.campaigns.services import sample_campaign_load
from writeathon.core.tasks import tasks_requeue_abandoned
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.delivery.tasks import print_run_render
from writeathon.usecases.intake import action_submit

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _submit(case: Case, email: str) -> None:
    action_submit(
        case=case,
        channel=Channel.EMAIL,
        email=email,
        name="Noor",
        country="JO",
        language="en",
        base_url="http://testserver",
        subject="Free Shawkan",
        body="Dear Prosecutor, please release Shawkan now.",
    )


def _queued_task() -> None:
    """A background task in the queue (a print run's PDF; the run was withdrawn since, so
    running it ends at once)."""
    print_run_render.enqueue(print_run_id=0)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_confirmation_waits_for_the_mail_server_then_arrives_once(
    smtp_server: SmtpServer,
) -> None:
    case = sample_campaign_load().cases.get(slug="shawkan")
    _submit(case, "noor@example.net")

    # The mail server is down: nothing is lost, the outbox tries again later.
    with override_settings(EMAIL_PORT=free_port()):
        outbox_pass()
    assert smtp_server.inbox.messages == []
    retry = Delivery.objects.get(kind=Delivery.Kind.CONFIRMATION)
    assert (retry.status, retry.attempts) == (Delivery.Status.FAILED, 1)
    assert retry.next_try_at is not None
    assert retry.next_try_at > timezone.now() + timedelta(seconds=20)
    outbox_pass()  # not yet due: nothing happens
    assert smtp_server.inbox.messages == []

    # Time passes and the server is back: the link arrives, once.
    Delivery.objects.filter(pk=retry.pk).update(next_try_at=timezone.now())
    outbox_pass()
    outbox_pass()
    assert len(smtp_server.inbox.messages) == 1
    assert "/confirm/" in smtp_server.inbox.messages[0].as_string()
    retry.refresh_from_db()
    assert retry.status == Delivery.Status.DELIVERED


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_task_whose_worker_died_is_run_again() -> None:
    _queued_task()
    task = DBTaskResult.objects.get()
    # A worker claimed it and was killed: the row says RUNNING for ever.
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=30)
    )
    run_ready_tasks()
    task.refresh_from_db()
    assert task.status == "RUNNING"

    assert tasks_requeue_abandoned() == 1
    run_ready_tasks()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_task_running_now_is_left_alone() -> None:
    _queued_task()
    assert DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now()) == 1
    assert tasks_requeue_abandoned() == 0
