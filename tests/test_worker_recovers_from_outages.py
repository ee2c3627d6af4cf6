"""Queued work survives a mail server that is down and a worker killed mid-task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import SmtpServer, free_port, run_ready_tasks
from writeathon.actions.models import Channel
from writeathon.campaigns.models import Case
from writeathon.campaigns.services import sample_campaign_load
from writeathon.core.tasks import tasks_requeue_abandoned
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


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_confirmation_waits_for_the_mail_server_then_arrives_once(
    smtp_server: SmtpServer,
) -> None:
    case = sample_campaign_load().cases.get(slug="shawkan")
    _submit(case, "noor@example.net")

    # The mail server is down: nothing is lost, the task queues itself for later.
    with override_settings(EMAIL_PORT=free_port()):
        run_ready_tasks()
    assert smtp_server.inbox.messages == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=20)
    run_ready_tasks()  # not yet due: nothing happens
    assert smtp_server.inbox.messages == []

    # Time passes and the server is back: the link arrives, once.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_ready_tasks()
    run_ready_tasks()
    assert len(smtp_server.inbox.messages) == 1
    assert "/confirm/" in smtp_server.inbox.messages[0].as_string()
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_task_whose_worker_died_is_run_again() -> None:
    case = sample_campaign_load().cases.get(slug="ilham-tohti")
    _submit(case, "sami@example.net")
    task = DBTaskResult.objects.get()
    # A worker claimed it and was killed: the row says RUNNING for ever.
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=30)
    )
    run_ready_tasks()
    assert mail.outbox == []

    assert tasks_requeue_abandoned() == 1
    run_ready_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sami@example.net"]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_task_running_now_is_left_alone() -> None:
    case = sample_campaign_load().cases.get(slug="leonard-peltier")
    _submit(case, "kai@example.net")
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    assert tasks_requeue_abandoned() == 0
