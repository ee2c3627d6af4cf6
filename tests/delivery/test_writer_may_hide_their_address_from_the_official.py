"""The email form says that the official receives the writer's name and address, and lets
the writer hide the address: the official's message then names only the campaign's address
(Reply-To), in every header, and a copy the writer asked for reaches them unseen."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.delivery.outbox import outbox_pass
from tests.factories import SupporterFactory, act_url, action_form_data, owner_client
from tests.smtp import loopback_smtp
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter

WRITER = "amal.writer@example.net"
OFFICIAL = "prosecutor-eg@example.org"
TOLD = "The official receives your letter with your name and this address"


@dataclass
class Envelope:
    recipients: list[str]
    message: Message


@dataclass
class Inbox:
    """What a real SMTP server received: each message with its envelope recipients."""

    received: list[Envelope] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.append(
                Envelope(list(envelope.rcpt_tos), message_from_bytes(envelope.content))
            )
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    handler = Inbox()
    with loopback_smtp(handler):
        yield handler


@pytest.fixture
def amal(case: Case) -> Supporter:
    supporter: Supporter = SupporterFactory(email=WRITER, name="Amal Writer", confirmed=True)
    return supporter


def _write(case: Case, amal: Supporter, capture: Any, **fields: str | None) -> Action:
    with capture(execute=True):
        response = owner_client(amal).post(
            act_url(case, "email"), action_form_data("email", email=WRITER, **fields)
        )
    assert response.status_code == 302
    action = Action.objects.get(supporter=amal, channel=Channel.EMAIL)
    assert action.status == Action.Status.CONFIRMED
    return action


def _letter(inbox: Inbox) -> Envelope:
    outbox_pass()  # the letter (the notice to the writer comes after it)
    [letter] = [e for e in inbox.received if OFFICIAL in e.recipients]
    return letter


def test_hidden_address_is_in_no_header_of_the_officials_message(
    case: Case, amal: Supporter, inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    action = _write(
        case, amal, django_capture_on_commit_callbacks, hide_email="on", copy_to_supporter="on"
    )
    assert action.hide_email is True

    letter = _letter(inbox)

    headers = {name: str(value) for name, value in letter.message.items()}
    assert not [name for name, value in headers.items() if "amal.writer" in value.lower()]
    assert "amal.writer" not in letter.message.as_string().lower()
    assert letter.message["Reply-To"] == "noreply@example.org"  # the campaign's address
    assert letter.message["To"] == OFFICIAL
    assert letter.message["Cc"] is None
    assert "Amira Haddad" in letter.message["From"]  # the name typed in the form: shown
    # The official's server gets the letter alone; the copy the writer asked for follows as
    # the same message in an envelope of its own, with the writer in no header.
    assert letter.recipients == [OFFICIAL]
    [copy] = [e for e in inbox.received if WRITER in e.recipients]
    assert copy.recipients == [WRITER]
    assert copy.message["Message-ID"] == letter.message["Message-ID"]
    assert "amal.writer" not in str(copy.message["Cc"] or "").lower()
    delivery = Delivery.objects.get(action=action, kind=Delivery.Kind.LETTER)
    assert delivery.status == Delivery.Status.DELIVERED


def test_shown_address_is_the_reply_to_as_the_form_says(
    case: Case, amal: Supporter, inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    action = _write(case, amal, django_capture_on_commit_callbacks)
    assert action.hide_email is False

    letter = _letter(inbox)

    assert letter.message["Reply-To"] == WRITER
    assert letter.recipients == [OFFICIAL]


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_form_says_who_receives_the_address_in_every_language(
    client: Client, case: Case, language: str
) -> None:
    with translation.override(language):
        told = gettext(
            "The official receives your letter with your name and this address, so that "
            "they can reply to you, unless you hide it. We also send you one email to "
            "confirm that the address is yours."
        )
        hide = gettext("Hide my email address from the official")
        replies = gettext("Replies then go to the campaign's address instead of yours.")
    if language != "en":
        assert TOLD not in told, f"no {language} translation"

    html = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert told.replace("'", "&#x27;") in html
    assert hide in html
    assert (
        f'<p class="help" id="id_email-hide_email_helptext">{replies}</p>'.replace("'s", "&#x27;s")
        in html
    )
    assert 'name="email-hide_email"' in html
    assert 'name="fax-hide_email"' not in html  # a fax names the writer, never their address
