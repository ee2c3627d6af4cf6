"""Confirmation and data-link tasks queued before these emails became outbox rows still run
after an upgrade: the task queue finds them by their old import path, and each puts its
email in the outbox, which sends it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from tests.conftest import run_ready_tasks
from tests.delivery.outbox import mail_sent
from writeathon.actions.tasks import send_confirmation_email
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.services import supporter_get_or_create
from writeathon.supporters.tasks import send_data_link_email
from writeathon.usecases.intake import action_submit

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_an_old_confirmation_task_queues_the_email_in_the_outbox(case: Case) -> None:
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
    send_confirmation_email.enqueue(action_id=action.pk, base_url="http://testserver", attempt=3)
    run_ready_tasks()
    assert Delivery.objects.get().kind == Delivery.Kind.CONFIRMATION
    [message] = mail_sent()
    assert message.to == ["early@example.net"]
    assert "http://testserver/confirm/" in str(message.body)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_an_old_data_link_task_queues_the_email_in_the_outbox() -> None:
    supporter, _created = supporter_get_or_create(
        email="amal@example.net", name="Amal", country="FR", language="en"
    )
    send_data_link_email.enqueue(
        supporter_id=supporter.pk, base_url="http://testserver", language="en"
    )
    run_ready_tasks()
    assert mail.outbox == []
    [message] = mail_sent()
    assert "http://testserver/my-data/" in str(message.body)
    assert Delivery.objects.get().kind == Delivery.Kind.DATA_LINK
