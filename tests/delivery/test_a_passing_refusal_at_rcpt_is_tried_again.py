"""An official's mail server that refuses at RCPT: 4xx is tried again, 5xx is dead at once.

A greylisting server answers 451 to the first tries of a new sender; the letter waits for
its next try instead of dying. A 550 (no such mailbox) cannot pass: the letter is dead at
the first try, with the server's reason for staff.
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


def test_greylisted_letters_wait_and_arrive_once_when_the_server_lets_them_through(
    case: Case, rcpt_refusing_server: RcptRefusingServer
) -> None:
    for i in range(3):
        confirmed_action(case, email=f"writer{i}@example.net")
    rcpt_refusing_server.refuse(OFFICIAL, "451 4.7.1 Greylisted, please try again later")

    result = outbox_pass()

    assert result.dead == []
    assert len(result.failed) == 3
    for letter in Delivery.objects.filter(kind=Delivery.Kind.LETTER):
        assert letter.status == Delivery.Status.FAILED
        assert letter.next_try_at is not None
        assert "451" in letter.last_error
        assert "Greylisted" in letter.last_error
    assert rcpt_refusing_server.received == []

    rcpt_refusing_server.accept(OFFICIAL)
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=True):
        result = outbox_pass()
    assert len(result.delivered) == 3
    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    assert set(letters.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}
    ids = sorted(str(m["Message-ID"]) for m in rcpt_refusing_server.received_by(OFFICIAL))
    assert ids == sorted(letter.message_id for letter in letters)


def test_a_mailbox_refused_for_good_makes_the_letter_dead_with_the_reason(
    case: Case, rcpt_refusing_server: RcptRefusingServer
) -> None:
    confirmed_action(case)
    rcpt_refusing_server.refuse(OFFICIAL, "550 5.1.1 No such user here")

    result = outbox_pass()

    letter = Delivery.objects.get(kind=Delivery.Kind.LETTER)
    assert result.dead == [letter.pk]
    assert letter.status == Delivery.Status.DEAD
    assert "550" in letter.last_error
    assert "No such user" in letter.last_error
    assert letter.next_try_at is None
    # No notice tells the writer it was delivered.
    assert not Delivery.objects.filter(kind=Delivery.Kind.NOTICE).exists()
