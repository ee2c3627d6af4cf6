"""A subject or name with line breaks is folded into one line: no header injection."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import SmtpServer
from tests.delivery.outbox import outbox_pass
from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case

INJECTION = "Release Shawkan\r\nBcc: everyone@example.net\r\nX-Injected: yes\n\nBody"


def test_subject_with_line_breaks_is_stored_on_one_line(
    client: Client,
    case: Case,
    smtp_server: SmtpServer,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            act_url(case, "email"),
            action_form_data("email", subject=INJECTION, name="Amira\r\nBcc: x@example.net"),
        )

    assert response.status_code == 302
    action = Action.objects.get()
    assert action.subject == "Release Shawkan Bcc: everyone@example.net X-Injected: yes Body"
    assert action.signer_name == "Amira Bcc: x@example.net"
    assert action.supporter is not None
    assert action.supporter.name == "Amira Bcc: x@example.net"
    for text in (action.subject, action.signer_name):
        assert "\r" not in text
        assert "\n" not in text

    # The message that went out has only the headers the site wrote.
    outbox_pass()
    [message] = smtp_server.inbox.messages
    assert message.get_all("Bcc") is None
    assert message.get_all("X-Injected") is None
    assert message.get_all("To") == ["amira@example.com"]
