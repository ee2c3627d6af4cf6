"""A confirmation email refused at RCPT: a 4xx (greylisting) is sent again later, a 5xx never.

The action waits for its confirmation either way; only a refusal that cannot pass ends the
tries, so that a greylisting server does not leave the action pending for ever.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import run_ready_tasks
from tests.mail_refusals import RcptRefusingServer
from writeathon.actions.models import Action, Channel
from writeathon.campaigns.services import sample_campaign_load
from writeathon.usecases.intake import action_submit

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SUPPORTER = "noor@example.net"


def _submit() -> Action:
    case = sample_campaign_load().cases.get(slug="shawkan")
    return action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email=SUPPORTER,
        name="Noor",
        country="JO",
        language="en",
        base_url="http://testserver",
    ).action


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_greylisted_confirmation_is_sent_again_and_arrives_once(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "451 4.7.1 Greylisted, please try again later")
    _submit()
    run_ready_tasks()

    assert rcpt_refusing_server.received == []
    assert len(rcpt_refusing_server.refused) == 1
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=20)

    # The pause has passed and the greylist lets the sender through.
    rcpt_refusing_server.accept(SUPPORTER)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_ready_tasks()
    run_ready_tasks()
    [message] = rcpt_refusing_server.received_by(SUPPORTER)
    assert "/confirm/" in message.as_string()
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_confirmation_refused_for_good_is_not_tried_again(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "550 5.1.1 No such user here")
    action = _submit()
    run_ready_tasks()
    run_ready_tasks()

    assert rcpt_refusing_server.received == []
    assert len(rcpt_refusing_server.refused) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    action.refresh_from_db()
    assert action.status == Action.Status.PENDING
