"""Bad input on either form: a clear error next to the field, a 400, and nothing stored or sent."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import Client
from django.utils.html import escape

from tests.factories import act_field_id, act_form_errors, act_url, action_form_data, stored_rows
from writeathon.campaigns.models import Case

REQUIRED = "This field is required."
TOO_LONG_NAME = "Ensure this value has at most 200 characters (it has 10000)."
NUL = "Null characters are not allowed."
CONTROL = "Please remove the invisible control characters from this text."
BAD_EMAIL = "Enter a valid email address."

# (fields to change, the field that must show the error, the error it must show)
COMMON_CASES: list[tuple[str, dict[str, str | None], str, str]] = [
    ("name missing", {"name": None}, "name", REQUIRED),
    ("name empty", {"name": ""}, "name", REQUIRED),
    ("name only spaces", {"name": "   \t  "}, "name", REQUIRED),
    ("email missing", {"email": None}, "email", REQUIRED),
    ("country missing", {"country": None}, "country", REQUIRED),
    ("country unknown", {"country": "XX"}, "country", "Select a valid choice."),
    ("name of 10,000 characters", {"name": "A" * 10_000}, "name", TOO_LONG_NAME),
    ("NUL byte in name", {"name": "Amira\x00Haddad"}, "name", NUL),
    ("bell in name", {"name": "Amira\x07Haddad"}, "name", CONTROL),
    ("escape sequence in name", {"name": "Amira \x1b[31mHaddad"}, "name", CONTROL),
    ("backspace in name", {"name": "Amira\x08\x08Haddad"}, "name", CONTROL),
    ("DEL in name", {"name": "Amira\x7fHaddad"}, "name", CONTROL),
    ("C1 control in name", {"name": "Amira\x9b31mHaddad"}, "name", CONTROL),
    ("email without @", {"email": "amira.example.com"}, "email", BAD_EMAIL),
    ("email without domain", {"email": "amira@"}, "email", BAD_EMAIL),
    ("email with two @", {"email": "amira@@example.com"}, "email", BAD_EMAIL),
    ("email with a space", {"email": "amira @example.com"}, "email", BAD_EMAIL),
    ("email with header", {"email": "amira@example.com\r\nBcc: x@example.net"}, "email", BAD_EMAIL),
    ("email with NUL", {"email": "amira\x00@example.com"}, "email", NUL),
    ("email of 10,000 characters", {"email": "a" * 9_988 + "@example.com"}, "email", BAD_EMAIL),
]

EMAIL_ONLY_CASES: list[tuple[str, dict[str, str | None], str, str]] = [
    ("subject missing", {"subject": None}, "subject", REQUIRED),
    ("body missing", {"body": None}, "body", REQUIRED),
    (
        "body too short",
        {"body": "Free him."},
        "body",
        "Ensure this value has at least 20 characters (it has 9).",
    ),
    (
        "body of 10,000 characters",
        {"body": "Please. " * 1250},
        "body",
        "Ensure this value has at most 5000 characters",
    ),
    ("NUL byte in body", {"body": "Dear Prosecutor,\x00 please release Shawkan."}, "body", NUL),
    ("NUL byte in subject", {"subject": "Release\x00Shawkan"}, "subject", NUL),
    ("escape in body", {"body": "Dear Prosecutor, \x1b[2J please free Shawkan."}, "body", CONTROL),
    ("form feed in subject", {"subject": "Release\x0cShawkan"}, "subject", CONTROL),
    ("subject of 10,000 characters", {"subject": "S" * 10_000}, "subject", "at most 200"),
]

CASES = [("signature", *case) for case in COMMON_CASES] + [
    ("email", *case) for case in COMMON_CASES + EMAIL_ONLY_CASES
]


@pytest.mark.parametrize(
    ("channel", "label", "changes", "field", "error"),
    CASES,
    ids=[f"{channel}: {label}" for channel, label, *_ in CASES],
)
def test_bad_input_is_refused_with_a_clear_error(
    client: Client,
    case: Case,
    django_capture_on_commit_callbacks: Any,
    channel: str,
    label: str,
    changes: dict[str, str | None],
    field: str,
    error: str,
) -> None:
    before = stored_rows()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(act_url(case, channel), action_form_data(channel, **changes))

    assert response.status_code == 400
    errors = act_form_errors(response, channel)
    assert list(errors) == [field]
    assert any(error in message for message in errors[field])
    html = response.content.decode()
    assert "Please check the form" in html
    assert escape(error) in html
    # The error is announced next to the field it belongs to.
    assert f'id="{act_field_id(channel, field)}_error"' in html
    assert stored_rows() == before
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.parametrize("channel", ["email", "signature"])
def test_empty_post_lists_every_required_field(client: Client, case: Case, channel: str) -> None:
    before = stored_rows()
    # Only the way chosen: nothing else the form has.
    response = client.post(act_url(case, channel), {"ways": channel})
    assert response.status_code == 400
    errors = act_form_errors(response, channel)
    required = {"name", "email", "country"} | ({"subject", "body"} if channel == "email" else set())
    # ... and, without the time the form was shown, the form as a whole.
    assert set(errors) == required | {NON_FIELD_ERRORS}
    assert stored_rows() == before


def test_what_was_typed_is_kept(client: Client, case: Case) -> None:
    data = action_form_data(
        "email",
        email="not-an-address",
        name="Amira Haddad",
        subject="My own subject",
        body="My own letter, written with care for Shawkan.",
    )
    response = client.post(act_url(case, "email"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Amira Haddad"' in html
    assert 'value="not-an-address"' in html
    assert 'value="My own subject"' in html
    assert "My own letter, written with care for Shawkan." in html
    # The other ways, not chosen, are shown without errors.
    assert not response.context["act_form"].way_forms["signature"].errors
    assert not response.context["act_form"].way_forms["fax"].errors


def test_a_valid_post_is_accepted(client: Client, case: Case) -> None:
    # The baseline that makes the refusals above meaningful.
    before = stored_rows()
    for channel in ("email", "signature"):
        response = client.post(act_url(case, channel), action_form_data(channel))
        assert response.status_code == 302
    after = stored_rows()
    assert after["actions"] == before["actions"] + 2
    assert after["supporters"] == before["supporters"] + 1
