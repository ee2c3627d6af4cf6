"""A form posted without the site's CSRF token is refused on a translated page; nothing stored."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import act_url, action_form_data, stored_rows
from writeathon.campaigns.models import Case

HEADING = "Please send the form again"


@pytest.mark.parametrize("channel", ["email", "signature"])
def test_post_without_token_is_403(case: Case, channel: str) -> None:
    client = Client(enforce_csrf_checks=True)
    before = stored_rows()

    response = client.post(act_url(case, channel), action_form_data(channel))

    assert response.status_code == 403
    html = response.content.decode()
    assert HEADING in html
    assert "Nothing was recorded" in html
    assert stored_rows() == before


def test_post_with_forged_token_is_403(case: Case) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(case.get_absolute_url())  # sets the real CSRF cookie
    data = {**action_form_data("signature"), "csrfmiddlewaretoken": "x" * 64}
    before = stored_rows()

    response = client.post(act_url(case, "signature"), data)

    assert response.status_code == 403
    assert HEADING in response.content.decode()
    assert stored_rows() == before


def test_post_with_the_pages_token_is_accepted(case: Case) -> None:
    # Proves that the refusals above come from the token, not from the form.
    client = Client(enforce_csrf_checks=True)
    page = client.get(case.get_absolute_url())
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match is not None
    data = {**action_form_data("signature"), "csrfmiddlewaretoken": match.group(1)}

    response = client.post(act_url(case, "signature"), data)

    assert response.status_code == 302
    assert stored_rows()["actions"] == 1


@pytest.mark.parametrize("language", ["es", "ar"])
def test_csrf_page_is_translated(case: Case, language: str) -> None:
    with translation.override(language):
        heading = gettext(HEADING)
    assert heading != HEADING
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        act_url(case, "signature"), action_form_data("signature"), HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
