"""Every email to a supporter carries an unsubscribe link and the List-Unsubscribe headers
(RFC 2369, RFC 8058): a mail program's one-click POST stops all email without a page, a
GET asks first. Letters and digests to officials carry none."""

from __future__ import annotations

import re
from email.message import Message
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import SmtpServer
from tests.delivery.outbox import outbox_pass
from tests.supporters.people import unsubscribe_path, writer
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.supporters.models import Consent, Supporter
from writeathon.usecases.intake import action_submit

pytestmark = pytest.mark.django_db

HEADER = re.compile(r"^<(http://testserver(/unsubscribe/[^\s/>]+/))>$")


def _parts(message: Message) -> dict[str, str]:
    found = {}
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            found[part.get_content_type()] = payload.decode(part.get_content_charset() or "utf-8")
    return found


def test_confirmation_email_carries_the_link_and_headers_and_one_click_stops_email(
    case: Case, smtp_server: SmtpServer, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email="new@example.com",
            name="Nadia New",
            country="FR",
            language="en",
            base_url="http://testserver",
        )
    assert result.confirmation_sent
    outbox_pass()  # the confirmation email
    [message] = smtp_server.inbox.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A long header is folded onto a second line: unfold it as mail programs do.
    found = HEADER.match(re.sub(r"\s+", "", str(message["List-Unsubscribe"])))
    assert found is not None, message["List-Unsubscribe"]
    url, path = found.groups()
    parts = _parts(message)
    assert url in parts["text/plain"]
    assert url in parts["text/html"]

    # A mail program's one-click unsubscribe: a POST with no page, no cookie, no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    supporter = Supporter.objects.get(email="new@example.com")
    assert supporter.email_stopped_at is not None


def test_a_get_asks_before_stopping(case: Case, client: Client) -> None:
    action = writer(case, email="ask@example.net")
    assert action.supporter is not None
    path = unsubscribe_path(action.supporter)
    response = client.get(path)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'method="post"' in page and "Yes, stop all email" in page
    assert Supporter.objects.get(pk=action.supporter.pk).email_stopped_at is None
    assert Consent.objects.filter(supporter=action.supporter, withdrawn_at__isnull=True).exists()

    response = client.post(path)

    assert response.status_code == 200
    assert "Email stopped" in response.content.decode()
    assert Supporter.objects.get(pk=action.supporter.pk).email_stopped_at is not None
    assert not Consent.objects.filter(
        supporter=action.supporter, withdrawn_at__isnull=True
    ).exists()


def test_delivery_notice_carries_the_link_and_headers_letters_do_not(
    case: Case, settings: Any
) -> None:
    settings.SITE_URL = "https://write.example.org"
    action = writer(case, email="told@example.net")

    outbox_pass()  # the letter to the official
    outbox_pass()  # the notice to the supporter

    letter, notice = mail.outbox
    assert letter.to == ["prosecutor-eg@example.org"]
    assert "List-Unsubscribe" not in letter.message()
    assert notice.to == ["told@example.net"]
    sent = notice.message()
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = re.sub(r"\s+", "", str(sent["List-Unsubscribe"]))
    assert header.startswith("<https://write.example.org/unsubscribe/")
    assert header[1:-1] in notice.body
    assert action.supporter is not None


def test_without_a_site_url_notices_go_without_the_headers(case: Case, settings: Any) -> None:
    settings.SITE_URL = ""
    writer(case, email="nourl@example.net")

    outbox_pass()
    outbox_pass()

    _letter, notice = mail.outbox
    assert notice.to == ["nourl@example.net"]
    assert "List-Unsubscribe" not in notice.message()
    assert "/unsubscribe/" not in notice.body
