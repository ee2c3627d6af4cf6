"""A confirmation email refused at RCPT: a 4xx (greylisting) is sent again later, a 5xx never.

The action waits for its confirmation either way; only a refusal that cannot pass ends the
tries, so that a greylisting server does not leave the action pending for ever.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.mail_refusals import RcptRefusingServer
from writeathon.actions.models import Action
from writeathon.campaigns.services import sample_campaign_load
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.usecases.intake import action_submit

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
def test_a_greylisted_confirmation_is_sent_again_and_arrives_once(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "451 4.7.1 Greylisted, please try again later")
    _submit()
    outbox_pass()

    assert rcpt_refusing_server.received == []
    assert len(rcpt_refusing_server.refused) == 1
    retry = Delivery.objects.get(kind=Delivery.Kind.CONFIRMATION)
    assert retry.status == Delivery.Status.FAILED
    assert retry.attempts == 1
    assert retry.next_try_at is not None
    assert retry.next_try_at > timezone.now() + timedelta(seconds=20)
    outbox_pass()  # not due yet
    assert len(rcpt_refusing_server.refused) == 1

    # The pause has passed and the greylist lets the sender through.
    rcpt_refusing_server.accept(SUPPORTER)
    Delivery.objects.filter(pk=retry.pk).update(next_try_at=timezone.now())
    outbox_pass()
    outbox_pass()
    [message] = rcpt_refusing_server.received_by(SUPPORTER)
    assert "/confirm/" in message.as_string()
    retry.refresh_from_db()
    assert (retry.status, retry.attempts) == (Delivery.Status.DELIVERED, 2)


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_refused_for_good_is_not_tried_again(
    rcpt_refusing_server: RcptRefusingServer,
) -> None:
    rcpt_refusing_server.refuse(SUPPORTER, "550 5.1.1 No such user here")
    action = _submit()
    outbox_pass()
    Delivery.objects.update(next_try_at=timezone.now())
    outbox_pass()

    assert rcpt_refusing_server.received == []
    assert len(rcpt_refusing_server.refused) == 1
    dead = Delivery.objects.get(kind=Delivery.Kind.CONFIRMATION)
    assert dead.status == Delivery.Status.DEAD
    assert "550" in dead.last_error
    action.refresh_from_db()
    assert action.status == Action.Status.PENDING
