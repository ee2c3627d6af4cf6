"""The email with the link to a supporter's data: a 4xx at RCPT (greylisting) is tried again
a few minutes later; a 5xx is not, and neither is anything after a few tries. Each ends as
a row of the outbox: delivered, or a dead letter with the server's answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.mail_refusals import RcptRefusingServer
from writeathon.delivery.models import Delivery
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.privacy import data_link_request

SUPPORTER = "amal@example.net"


def _ask_for_the_link() -> None:
    supporter_get_or_create(email=SUPPORTER, name="Amal", country="FR", language="en")
    data_link_request(email=SUPPORTER, base_url="http://testserver", language="en")


def _the_row() -> Delivery:
    return Delivery.objects.get(kind=Delivery.Kind.DATA_LINK)


@pytest.mark.django_db(transaction=True)
def test_a_greylisted_link_arrives_on_a_later_try(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "450 4.7.1 Greylisted, please try again later")
    _ask_for_the_link()
    outbox_pass()
    assert rcpt_refusing_server.received == []
    retry = _the_row()
    assert (retry.status, retry.attempts) == (Delivery.Status.FAILED, 1)
    assert retry.next_try_at is not None
    assert timezone.now() + timedelta(seconds=20) < retry.next_try_at
    assert retry.next_try_at < timezone.now() + timedelta(minutes=1)

    rcpt_refusing_server.accept(SUPPORTER)
    Delivery.objects.filter(pk=retry.pk).update(next_try_at=timezone.now())
    outbox_pass()
    [message] = rcpt_refusing_server.received_by(SUPPORTER)
    assert "/my-data/" in message.as_string()
    assert _the_row().status == Delivery.Status.DELIVERED


@pytest.mark.django_db(transaction=True)
def test_greylisted_too_long_the_link_is_given_up_and_asked_for_again(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "450 4.7.1 Greylisted, please try again later")
    _ask_for_the_link()
    for _try in range(10):
        Delivery.objects.filter(status=Delivery.Status.FAILED).update(next_try_at=timezone.now())
        outbox_pass()
    # A few tries within minutes, then nothing: an old request sends no email hours later.
    assert len(rcpt_refusing_server.refused) == 4
    given_up = _the_row()
    assert given_up.status == Delivery.Status.DEAD
    assert "450" in given_up.last_error


@pytest.mark.django_db(transaction=True)
def test_a_link_refused_for_good_is_not_tried_again(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "550 5.1.1 No such user here")
    _ask_for_the_link()
    outbox_pass()
    Delivery.objects.update(next_try_at=timezone.now())
    outbox_pass()
    assert len(rcpt_refusing_server.refused) == 1
    assert _the_row().status == Delivery.Status.DEAD
