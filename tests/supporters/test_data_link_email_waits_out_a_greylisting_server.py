"""The email with the link to a supporter's data: a 4xx at RCPT (greylisting) is tried again
a few minutes later; a 5xx is not, and neither is anything after a few minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import run_ready_tasks
from tests.mail_refusals import RcptRefusingServer
from writeathon.supporters.privacy import data_link_request
from writeathon.supporters.services import supporter_get_or_create

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SUPPORTER = "amal@example.net"


def _ask_for_the_link() -> None:
    supporter_get_or_create(email=SUPPORTER, name="Amal", country="FR", language="en")
    data_link_request(email=SUPPORTER, base_url="http://testserver", language="en")


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_greylisted_link_arrives_on_a_later_try(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "450 4.7.1 Greylisted, please try again later")
    _ask_for_the_link()
    run_ready_tasks()
    assert rcpt_refusing_server.received == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert timezone.now() + timedelta(seconds=20) < retry.run_after
    assert retry.run_after < timezone.now() + timedelta(minutes=1)

    rcpt_refusing_server.accept(SUPPORTER)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_ready_tasks()
    [message] = rcpt_refusing_server.received_by(SUPPORTER)
    assert "/my-data/" in message.as_string()
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_greylisted_too_long_the_link_is_given_up_and_asked_for_again(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "450 4.7.1 Greylisted, please try again later")
    _ask_for_the_link()
    for _try in range(10):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_ready_tasks()
    # A few tries within minutes, then nothing: an old request sends no email hours later.
    assert len(rcpt_refusing_server.refused) == 4
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_a_link_refused_for_good_is_not_tried_again(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "550 5.1.1 No such user here")
    _ask_for_the_link()
    run_ready_tasks()
    run_ready_tasks()
    assert len(rcpt_refusing_server.refused) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
