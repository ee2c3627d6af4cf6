"""The one form sent with mistakes comes back with its errors beside their fields and what
was typed, the ways that were chosen still ticked."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import act_form_data, act_url, action_form_data
from writeathon.actions.forms import WAY_FORMS
from writeathon.campaigns.models import Case

CHANNELS = ["email", "fax", "letter", "tweet", "solidarity", "signature"]


def test_every_channel_has_a_way_on_the_form() -> None:
    assert sorted(WAY_FORMS) == sorted(CHANNELS)


@pytest.mark.parametrize("channel", CHANNELS)
def test_errors_show_beside_the_field(client: Client, case: Case, channel: str) -> None:
    data = action_form_data(channel, email="not-an-address", name="Typed Name")
    response = client.post(act_url(case, channel), data)

    assert response.status_code == 400
    sent = response.context["act_form"]
    assert sent.is_bound
    assert list(sent.errors) == ["email"]
    assert sent.chosen() == [channel]
    for form in sent.way_forms.values():
        assert not form.errors
    html = response.content.decode()
    # One error summary, and the error beside its field.
    assert re.findall(r'id="([\w-]+)-errors"', html) == ["act"]
    assert 'name="name" value="Typed Name"' in html
    assert 'name="email" value="not-an-address"' in html
    assert re.search(r'<ul class="errorlist" id="id_email_error">', html)
    assert (
        f'value="{channel}" id="way-{channel}" aria-describedby="way-{channel}-about" checked'
        in html
    )
    # The form's address has no anchor: the thank-you page after it must not carry one.
    assert re.search(r'<form method="post" action="[^"#]+/act/"', html)


def test_a_solidarity_message_is_kept_after_an_error(client: Client, case: Case) -> None:
    message = "Stay strong, Shawkan: photographers everywhere think of you."
    data = action_form_data("solidarity", body=message, country=None)
    response = client.post(act_url(case, "solidarity"), data)
    assert response.status_code == 400
    section = response.content.decode().split('<div class="way" id="act-solidarity"')[1]
    assert message in section.split("</textarea>")[0]
    assert '<details class="way-text" data-way-text open>' in section.split("</details>")[0]


def test_no_way_chosen_is_a_clear_error(client: Client, case: Case) -> None:
    response = client.post(act_url(case), act_form_data([]))
    assert response.status_code == 400
    assert "Choose at least one way to act." in response.content.decode()
