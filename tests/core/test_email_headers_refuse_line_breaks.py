"""Line breaks typed into a name, a subject or an address never become email headers."""

from __future__ import annotations

from email.message import Message
from email.utils import parseaddr
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.core.mail.message import BadHeaderError
from django.test import Client

from tests.conftest import SmtpServer
from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.delivery.staff import staff_user
from tests.factories import act_url, action_form_data, stored_rows
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import deliveries_review
from writeathon.usecases.intake import supporter_confirm

INJECTED = "\r\nBcc: everyone@evil.example\r\nX-Injected: yes\r\n\r\nA body of our own"
INJECTED_HEADERS = ("Bcc", "X-Injected")
# The headers a letter to an official may carry; anything else was injected.
LETTER_HEADERS = {
    "Content-Type",
    "MIME-Version",
    "Content-Transfer-Encoding",
    "Subject",
    "From",
    "To",
    "Reply-To",
    "Date",
    "Message-ID",
}


def _assert_clean(message: Message) -> None:
    for name in INJECTED_HEADERS:
        assert message.get_all(name) is None, message.as_string()
    for name, value in message.items():
        assert "\n" not in str(value).replace("\n ", "").replace("\n\t", ""), (name, value)
    assert "A body of our own" not in str(message["Subject"])


def test_a_letter_sent_through_the_public_form_carries_only_the_sites_headers(
    case: Case,
    smtp_server: SmtpServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client(REMOTE_ADDR="198.51.100.40").post(
            act_url(case, "email"),
            action_form_data(
                "email",
                name="Amira" + INJECTED,
                subject="Release Shawkan" + INJECTED,
                email="amira.letter@example.com",
            ),
        )
    assert response.status_code == 302
    outbox_pass()  # the confirmation email
    [confirmation] = smtp_server.inbox.messages
    _assert_clean(confirmation)
    assert confirmation.get_all("To") == ["amira.letter@example.com"]

    action = Action.objects.get()
    assert action.supporter is not None
    supporter_confirm(supporter=action.supporter)
    # Screening holds a letter with an email address in its subject: a moderator passes it on.
    deliveries_review(
        delivery_ids=Delivery.objects.filter(action=action).values_list("pk", flat=True),
        approve=True,
        user_id=staff_user("moderator").pk,
    )
    outbox_pass()  # the letter to the official

    letter = smtp_server.inbox.messages[1]
    _assert_clean(letter)
    assert set(letter.keys()) <= LETTER_HEADERS, set(letter.keys()) - LETTER_HEADERS
    assert letter["To"] == "prosecutor-eg@example.org"
    assert letter["Reply-To"] == "amira.letter@example.com"
    name, _address = parseaddr(letter["From"])
    assert name.startswith("Amira Bcc: everyone@evil.example")  # folded into the name
    assert letter["Subject"].startswith("Release Shawkan Bcc:")

    outbox_pass()  # the notice to the supporter that the letter was delivered
    notice = smtp_server.inbox.messages[2]
    _assert_clean(notice)
    assert notice.get_all("To") == ["amira.letter@example.com"]


@pytest.mark.parametrize("channel", ["signature", "solidarity", "letter"])
def test_other_public_forms_fold_the_name_too(
    case: Case, smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any, channel: str
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = Client(REMOTE_ADDR="198.51.100.41").post(
            act_url(case, channel),
            action_form_data(channel, name="Amira" + INJECTED, email=f"{channel}@example.com"),
        )
    assert response.status_code == 302
    outbox_pass()  # the confirmation email
    [confirmation] = smtp_server.inbox.messages
    _assert_clean(confirmation)
    action = Action.objects.get()
    assert "\n" not in action.signer_name and "\r" not in action.signer_name


@pytest.mark.parametrize(
    "email",
    [
        "amira@example.com\r\nBcc: everyone@evil.example",
        "amira@example.com\nCc: x@evil.example",
        "amira@example.com%0d%0aBcc:x@evil.example",
        "Amira <amira@example.com>, x@evil.example",
    ],
)
def test_an_address_with_line_breaks_or_extra_recipients_is_refused(
    case: Case, smtp_server: SmtpServer, email: str
) -> None:
    before = stored_rows()
    response = Client(REMOTE_ADDR="198.51.100.42").post(
        act_url(case, "email"), action_form_data("email", email=email)
    )
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert stored_rows() == before
    assert smtp_server.inbox.messages == []


def test_a_stored_header_with_a_line_break_is_never_sent(
    case: Case, smtp_server: SmtpServer
) -> None:
    """Rows written before folding existed, or by a future bug, are stopped at the last step."""
    action = confirmed_action(case)
    delivery = Delivery.objects.get(action=action, kind=Delivery.Kind.LETTER)
    delivery.payload = {**delivery.payload, "signer_name": "Amal" + INJECTED}
    delivery.save(update_fields=["payload"])

    result = outbox_pass()

    assert delivery.pk not in result.delivered
    delivery.refresh_from_db()
    assert delivery.status in (Delivery.Status.FAILED, Delivery.Status.DEAD)
    assert "newline" in delivery.last_error
    assert smtp_server.inbox.messages == []


@pytest.mark.parametrize("header", ["subject", "from_email", "reply_to", "to", "headers"])
def test_django_refuses_line_breaks_in_every_header(header: str) -> None:
    values: dict[str, Any] = {
        "subject": "Hello",
        "body": "Text",
        "from_email": "site@example.org",
        "to": ["a@example.org"],
    }
    injected = {
        "subject": "Hello\r\nBcc: x@evil.example",
        "from_email": "Site\r\nBcc: x@evil.example <site@example.org>",
        "reply_to": ["a@example.org\r\nBcc: x@evil.example"],
        "to": ["a@example.org\nBcc: x@evil.example"],
        "headers": {"X-Campaign": "write\r\nBcc: x@evil.example"},
    }
    values[header] = injected[header]
    with pytest.raises((BadHeaderError, ValueError)):
        EmailMessage(**values).message()
