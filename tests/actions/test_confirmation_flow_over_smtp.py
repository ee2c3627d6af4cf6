"""The whole double opt-in through a real SMTP server on loopback: submit, read the link
from the received message, open it, confirm, and see the counter move by exactly one."""

from __future__ import annotations

import re
from email.message import Message
from typing import Any

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import SmtpServer
from tests.delivery.outbox import outbox_pass
from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.reporting.selectors import counter_forget

CONFIRM_LINK = re.compile(r"http://testserver(/confirm/[^\s/]+/)")


def _text_body(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/plain part")


def _counter_total(client: Client, case: Case) -> tuple[int, int]:
    # The counter is cached for a few seconds by design; read it as if that time had passed.
    counter_forget(campaign=case.campaign)
    data = client.get("/counter.json").json()
    by_case = {row["slug"]: row["total"] for row in data["cases"]}
    return data["total"], by_case[case.slug]


def test_confirmation_link_from_the_received_email_counts_the_action(
    client: Client,
    case: Case,
    smtp_server: SmtpServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    total_before, case_before = _counter_total(client, case)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            act_url(case, "email"), action_form_data("email", email="Reader@Example.com")
        )
    assert response.status_code == 302
    action = Action.objects.get()
    assert response["Location"] == f"/thanks/{action.public_id}/"
    assert action.status == Action.Status.PENDING
    assert _counter_total(client, case) == (total_before, case_before)

    outbox_pass()  # the worker sends the confirmation email
    assert len(smtp_server.inbox.messages) == 1
    message = smtp_server.inbox.messages[0]
    assert message["To"] == "reader@example.com"
    assert "Shawkan" in str(message["Subject"])
    links = CONFIRM_LINK.findall(_text_body(message))
    assert len(links) == 1
    link = links[0]

    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my action" in page.content.decode()
    action.refresh_from_db()
    assert action.status == Action.Status.PENDING

    confirmed = client.post(link)
    assert confirmed.status_code == 200
    action.refresh_from_db()
    assert action.status == Action.Status.CONFIRMED
    assert _counter_total(client, case) == (total_before + 1, case_before + 1)

    # Clicking again changes nothing.
    client.post(link)
    assert _counter_total(client, case) == (total_before + 1, case_before + 1)
    assert len(smtp_server.inbox.messages) == 1


def test_confirmation_email_is_in_the_supporters_language(
    client: Client,
    case: Case,
    smtp_server: SmtpServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with translation.override("es"):
        greeting = gettext("Please confirm your email address, and your action will count:")
    assert greeting != "Please confirm your email address, and your action will count:"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            act_url(case, "signature"),
            action_form_data("signature"),
            HTTP_ACCEPT_LANGUAGE="es",
        )
    assert response.status_code == 302
    assert Action.objects.get().language == "es"

    outbox_pass()
    [message] = smtp_server.inbox.messages
    body = _text_body(message)
    assert greeting in body
    assert CONFIRM_LINK.search(body)
    html_parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
    assert len(html_parts) == 1
    html_payload = html_parts[0].get_payload(decode=True)
    assert isinstance(html_payload, bytes)
    assert b'lang="es"' in html_payload
