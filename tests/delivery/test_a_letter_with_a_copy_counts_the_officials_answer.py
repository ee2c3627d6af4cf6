"""A letter with a copy to its writer is delivered when the official's server accepts it,
whatever the writer's server says; the writer gets one copy, once the official has it.

The writer's copy must never hide the official's refusal: with both addresses in one SMTP
envelope, a refused official and an accepted copy look like a success.
"""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.mail_refusals import RcptRefusingServer
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery

OFFICIAL = "prosecutor-eg@example.org"
WRITER = "writer@example.net"


def test_official_refuses_for_good_the_letter_is_dead_and_the_writer_is_not_told_delivered(
    case: Case, rcpt_refusing_server: RcptRefusingServer
) -> None:
    confirmed_action(case, email=WRITER, copy_to_supporter=True)
    rcpt_refusing_server.refuse(OFFICIAL, "550 5.1.1 No such user here")

    result = outbox_pass()
    outbox_pass()  # whatever the first pass queued

    letter = Delivery.objects.get(kind=Delivery.Kind.LETTER)
    assert result.dead == [letter.pk]
    assert letter.status == Delivery.Status.DEAD
    assert "550" in letter.last_error
    assert "No such user" in letter.last_error
    assert rcpt_refusing_server.received_by(OFFICIAL) == []
    # No copy of a letter that did not go, and no "delivered" notice.
    assert rcpt_refusing_server.received_by(WRITER) == []
    assert not Delivery.objects.filter(kind=Delivery.Kind.NOTICE).exists()


def test_official_greylists_the_letter_waits_and_the_writer_gets_one_copy_in_the_end(
    case: Case, rcpt_refusing_server: RcptRefusingServer
) -> None:
    confirmed_action(case, email=WRITER, copy_to_supporter=True)
    rcpt_refusing_server.refuse(OFFICIAL, "451 4.7.1 Greylisted, please try again later")

    moment = timezone.now()
    for _try in range(3):
        with time_machine.travel(moment, tick=False):
            result = outbox_pass()
        assert len(result.failed) == 1
        moment += timedelta(hours=5)  # past any pause between tries
    letter = Delivery.objects.get(kind=Delivery.Kind.LETTER)
    assert letter.status == Delivery.Status.FAILED
    assert "451" in letter.last_error
    assert rcpt_refusing_server.received == []  # neither the official nor a copy

    rcpt_refusing_server.accept(OFFICIAL)
    with time_machine.travel(moment, tick=False):
        result = outbox_pass()
    assert result.delivered == [letter.pk]
    [to_official] = rcpt_refusing_server.received_by(OFFICIAL)
    [copy] = rcpt_refusing_server.received_by(WRITER)
    assert to_official["Message-ID"] == copy["Message-ID"] == letter.message_id
    assert copy["Cc"] == WRITER
    assert copy["To"] == OFFICIAL


def test_the_writers_server_refusing_the_copy_does_not_undo_the_delivery(
    case: Case, rcpt_refusing_server: RcptRefusingServer
) -> None:
    confirmed_action(case, email=WRITER, copy_to_supporter=True)
    rcpt_refusing_server.refuse(WRITER, "452 4.2.2 Mailbox full")

    result = outbox_pass()

    letter = Delivery.objects.get(kind=Delivery.Kind.LETTER)
    assert result.delivered == [letter.pk]
    assert letter.status == Delivery.Status.DELIVERED
    [to_official] = rcpt_refusing_server.received_by(OFFICIAL)
    assert to_official["Message-ID"] == letter.message_id
    # Sent again, the letter would reach the official twice: the copy is tried once.
    assert rcpt_refusing_server.received_by(WRITER) == []
    rcpt_refusing_server.accept(WRITER)
    notice = Delivery.objects.get(kind=Delivery.Kind.NOTICE)
    assert outbox_pass().delivered == [notice.pk]  # the "delivered" notice, nothing else
    assert len(rcpt_refusing_server.received_by(OFFICIAL)) == 1
    [told] = rcpt_refusing_server.received_by(WRITER)
    assert told["Message-ID"] != letter.message_id
