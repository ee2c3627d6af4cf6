"""The email form's "Send me a copy of my email" box is kept on the action; it is optional."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case


@pytest.mark.parametrize(("ticked", "stored"), [("on", True), (None, False)])
def test_copy_to_supporter_is_stored(
    client: Client, case: Case, ticked: str | None, stored: bool
) -> None:
    response = client.post(
        act_url(case, "email"), action_form_data("email", copy_to_supporter=ticked)
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.channel == "email"
    assert action.copy_to_supporter is stored


def test_only_the_email_form_offers_a_copy(client: Client, case: Case) -> None:
    html = client.get(case.get_absolute_url()).content.decode()
    assert re.findall(r'name="(\w+)-copy_to_supporter"', html) == ["email"]
    assert '<input type="checkbox" name="email-copy_to_supporter"' in html
    assert "Send me a copy of my email" in html


def test_a_copy_asked_for_on_another_form_is_ignored(client: Client, case: Case) -> None:
    data = action_form_data("fax", copy_to_supporter="on")
    assert client.post(act_url(case, "fax"), data).status_code == 302
    assert Action.objects.get().copy_to_supporter is False
