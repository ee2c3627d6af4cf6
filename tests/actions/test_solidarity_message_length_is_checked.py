"""A solidarity message is 10 to 1,000 characters: outside that, a clear 400 and nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils.html import escape

from tests.factories import act_form_errors, act_url, action_form_data, stored_rows
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case

BAD_MESSAGES: list[tuple[str, str | None, str]] = [
    ("missing", None, "This field is required."),
    ("empty", "", "This field is required."),
    ("only spaces", "      \n\n   ", "This field is required."),
    ("9 characters", "Be brave!", "Ensure this value has at least 10 characters (it has 9)."),
    (
        "1,001 characters",
        "x" * 1001,
        "Ensure this value has at most 1000 characters (it has 1001).",
    ),
    ("escape sequence", "Stay strong \x1b[2J my friend", "Please remove the invisible control"),
    ("NUL byte", "Stay strong\x00 my friend", "Null characters are not allowed."),
]


@pytest.mark.parametrize(
    ("message", "error"),
    [(message, error) for _label, message, error in BAD_MESSAGES],
    ids=[label for label, *_ in BAD_MESSAGES],
)
def test_bad_solidarity_message_is_refused_with_a_clear_error(
    client: Client,
    case: Case,
    django_capture_on_commit_callbacks: Any,
    message: str | None,
    error: str,
) -> None:
    before = stored_rows()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            act_url(case, "solidarity"), action_form_data("solidarity", body=message)
        )

    assert response.status_code == 400
    errors = act_form_errors(response, "solidarity")
    assert list(errors) == ["body"]
    assert any(message.startswith(error) for message in errors["body"])
    html = response.content.decode()
    assert 'id="act-errors"' in html
    assert 'id="id_solidarity-body_error"' in html
    assert escape(error) in html
    assert stored_rows() == before
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.parametrize("length", [10, 1000])
def test_messages_at_the_limits_are_accepted(client: Client, case: Case, length: int) -> None:
    message = ("Courage! " * 112)[:length]
    assert len(message.strip()) == length
    response = client.post(
        act_url(case, "solidarity"), action_form_data("solidarity", body=message)
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.channel, action.body, action.subject) == ("solidarity", message, "")
