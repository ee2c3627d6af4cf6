"""Confirmation and data-page link emails queued as tasks by a version before the outbox
still go after an upgrade: the migration turns each pending task into the outbox row the
current code would have queued, and the worker sends it with a link signed then."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.delivery.outbox import mail_sent
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.intake import action_submit

migration = importlib.import_module(
    "writeathon.delivery.migrations.0008_email_tasks_queued_before_the_outbox"
)

pytestmark = pytest.mark.django_db


def _queued_by_the_earlier_version(task_path: str, **kwargs: object) -> DBTaskResult[..., None]:
    """The row the earlier version's `.enqueue(...)` wrote (its modules are gone now)."""
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": [], "kwargs": kwargs},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


def test_a_pending_confirmation_task_becomes_the_confirmation_email(case: Case) -> None:
    action = action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email="early@example.net",
        name="Early",
        country="FR",
        language="en",
        base_url="http://testserver",
    ).action
    Delivery.objects.all().delete()  # as if queued by the earlier version instead
    task = _queued_by_the_earlier_version(
        migration.CONFIRMATION_TASK, action_id=action.pk, base_url="http://testserver", attempt=3
    )
    # One that ran already is history: nothing to send again.
    done = _queued_by_the_earlier_version(
        migration.CONFIRMATION_TASK, action_id=action.pk, base_url="http://testserver"
    )
    DBTaskResult.objects.filter(pk=done.pk).update(status="SUCCESSFUL")

    migration.tasks_to_outbox(apps, None)

    [row] = Delivery.objects.all()
    assert (row.kind, row.action_id, row.recipient) == (
        Delivery.Kind.CONFIRMATION,
        action.pk,
        "early@example.net",
    )
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"  # no worker will look for the module it named
    [message] = mail_sent()
    assert message.to == ["early@example.net"]
    assert "http://testserver/confirm/" in str(message.body)


def test_a_pending_data_link_task_becomes_the_data_link_email() -> None:
    supporter, _created = supporter_get_or_create(
        email="amal@example.net", name="Amal", country="FR", language="en"
    )
    gone, _created = supporter_get_or_create(
        email="gone@example.net", name="Gone", country="FR", language="en"
    )
    _queued_by_the_earlier_version(
        migration.DATA_LINK_TASK,
        supporter_id=supporter.pk,
        base_url="http://testserver",
        language="es",
    )
    _queued_by_the_earlier_version(
        migration.DATA_LINK_TASK, supporter_id=gone.pk, base_url="http://testserver", language="en"
    )
    type(gone).objects.filter(pk=gone.pk).update(erased_at=timezone.now())

    migration.tasks_to_outbox(apps, None)

    [row] = Delivery.objects.all()
    assert row.kind == Delivery.Kind.DATA_LINK
    assert row.payload["language"] == "es"
    [message] = mail_sent()
    assert message.to == ["amal@example.net"]
    assert "http://testserver/my-data/" in str(message.body)
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_data_link_asked_for_too_long_ago_is_not_sent() -> None:
    """The link counts its life from when it was asked for, not from the upgrade."""
    supporter, _created = supporter_get_or_create(
        email="late@example.net", name="Late", country="FR", language="en"
    )
    task = _queued_by_the_earlier_version(
        migration.DATA_LINK_TASK,
        supporter_id=supporter.pk,
        base_url="http://testserver",
        language="en",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - timedelta(days=30))
    migration.tasks_to_outbox(apps, None)
    assert mail_sent() == []
    assert Delivery.objects.get().status == Delivery.Status.CANCELLED
