"""Email letters go through a real SMTP server, under the campaign's address, once each."""

from __future__ import annotations

from email.utils import parseaddr

from django.core import mail

from tests.conftest import SmtpServer
from tests.delivery.outbox import confirmed_action, outbox_pass
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery, DeliveryAttempt


def test_letter_is_sent_with_stable_message_id_reply_to_and_copy(
    case: Case, smtp_server: SmtpServer, settings: object
) -> None:
    action = confirmed_action(case, copy_to_supporter=True)
    delivery = Delivery.objects.get(action=action)

    result = outbox_pass()

    assert result.delivered == [delivery.pk]
    # The official's letter, then the writer's copy: the same message, sent to each in turn.
    message, writers_copy = smtp_server.inbox.messages
    assert writers_copy.as_bytes() == message.as_bytes()
    assert message["Message-ID"] == delivery.message_id
    assert message["To"] == "prosecutor-eg@example.org"
    assert message["Cc"] == "writer@example.net"
    assert message["Reply-To"] == "writer@example.net"
    name, address = parseaddr(message["From"])
    assert name == "Amal Writer"
    assert address == "noreply@example.org"  # the campaign's address, not the writer's
    assert message["Subject"] == "Release Shawkan"
    assert "journalism is not a crime" in message.get_payload()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.provider_id == delivery.message_id
    assert delivery.delivered_at is not None
    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert (attempt.number, attempt.outcome) == (1, DeliveryAttempt.Outcome.DELIVERED)


def test_without_a_copy_request_the_supporter_gets_no_cc(
    case: Case, smtp_server: SmtpServer
) -> None:
    confirmed_action(case)
    outbox_pass()
    [message] = smtp_server.inbox.messages
    assert message["Cc"] is None


def test_the_supporter_hears_once_when_their_letter_is_delivered(
    case: Case, smtp_server: SmtpServer
) -> None:
    action = confirmed_action(case)
    outbox_pass()  # the letter
    notice = Delivery.objects.get(action=action, kind=Delivery.Kind.NOTICE)
    assert notice.recipient == "writer@example.net"
    outbox_pass()  # the notice
    outbox_pass()  # nothing more
    assert len(smtp_server.inbox.messages) == 2
    told = smtp_server.inbox.messages[1]
    assert told["To"] == "writer@example.net"
    assert "delivered" in told["Subject"]
    assert "Shawkan" in told["Subject"]


def test_a_delivered_letter_is_never_claimed_again(case: Case) -> None:
    confirmed_action(case)
    first = outbox_pass()
    assert len(first.delivered) == 1
    mail.outbox.clear()
    again = outbox_pass()
    # Only the supporter's notice is left; the letter itself is not sent twice.
    assert len(again.delivered) == 1
    assert [m.to for m in mail.outbox] == [["writer@example.net"]]
