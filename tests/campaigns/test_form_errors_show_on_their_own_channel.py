"""A form sent with mistakes comes back with its errors and what was typed; every other form on
the page is shown fresh."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import act_url, action_form_data
from writeathon.actions.forms import ACTION_FORMS
from writeathon.campaigns.models import Case

CHANNELS = ["email", "fax", "letter", "tweet", "solidarity", "signature"]


def test_every_channel_has_a_form() -> None:
    assert sorted(ACTION_FORMS) == sorted(CHANNELS)


@pytest.mark.parametrize("channel", CHANNELS)
def test_errors_show_on_the_form_that_was_sent(client: Client, case: Case, channel: str) -> None:
    data = action_form_data(channel, email="not-an-address", name="Typed Name")
    response = client.post(act_url(case, channel), data)

    assert response.status_code == 400
    sent = response.context[f"{channel}_form"]
    assert sent.is_bound
    assert list(sent.errors) == ["email"]
    for other in CHANNELS:
        if other != channel:
            assert not response.context[f"{other}_form"].is_bound, other
            assert not response.context[f"{other}_form"].errors, other
    html = response.content.decode()
    # One error summary, in the sent form's own section, and what was typed is kept there.
    assert re.findall(r'id="(\w+)-errors"', html) == [channel]
    section = html.split(f'<section id="act-{channel}"')[1].split("</section>")[0]
    assert 'id="' + channel + '-errors"' in section
    assert f'name="{channel}-name" value="Typed Name"' in section
    assert f'name="{channel}-email" value="not-an-address"' in section
    # The other forms are fresh: empty names, and letters start from the sample again.
    for other in CHANNELS:
        if other != channel:
            assert f'name="{other}-name" value=' not in html, other


def test_a_solidarity_message_is_kept_after_an_error(client: Client, case: Case) -> None:
    message = "Stay strong, Shawkan: photographers everywhere think of you."
    data = action_form_data("solidarity", body=message, country=None)
    response = client.post(act_url(case, "solidarity"), data)
    assert response.status_code == 400
    section = response.content.decode().split('<section id="act-solidarity"')[1]
    assert message in section.split("</textarea>")[0]
