"""A fax or a posted letter is checked like an email: subject and letter required, length limits,
no control characters; a refusal is a 400 that shows the error and stores nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import act_field_id, act_form_errors, act_url, action_form_data, stored_rows
from writeathon.campaigns.models import Case

BAD_LETTERS: list[tuple[str, dict[str, str | None], str, str]] = [
    ("subject missing", {"subject": None}, "subject", "This field is required."),
    ("body missing", {"body": None}, "body", "This field is required."),
    ("body too short", {"body": "Free him."}, "body", "at least 20 characters (it has 9)"),
    ("body too long", {"body": "Please. " * 1250}, "body", "at most 5000 characters"),
    ("subject too long", {"subject": "S" * 201}, "subject", "at most 200 characters"),
    ("escape in body", {"body": "Dear Sir, \x1b[2J please free Shawkan."}, "body", "invisible"),
    ("form feed in subject", {"subject": "Release\x0cShawkan"}, "subject", "invisible"),
    ("NUL in body", {"body": "Dear Sir,\x00 please free Shawkan."}, "body", "Null characters"),
    ("name missing", {"name": None}, "name", "This field is required."),
]
CASES = [(channel, *bad) for channel in ("fax", "letter") for bad in BAD_LETTERS]


@pytest.mark.parametrize(
    ("channel", "label", "changes", "field", "error"),
    CASES,
    ids=[f"{channel}: {label}" for channel, label, *_ in CASES],
)
def test_bad_letter_is_refused(
    client: Client,
    case: Case,
    channel: str,
    label: str,
    changes: dict[str, str | None],
    field: str,
    error: str,
) -> None:
    before = stored_rows()
    response = client.post(act_url(case, channel), action_form_data(channel, **changes))
    assert response.status_code == 400
    errors = act_form_errors(response, channel)
    assert list(errors) == [field]
    assert any(error in message for message in errors[field])
    assert f'id="{act_field_id(channel, field)}_error"' in response.content.decode()
    assert stored_rows() == before
