"""The country field starts empty or on a country a signal names (a section's page, an
earlier action in this browser, the owner's own details), never on the browser's language:
an English browser is not in the United States."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import SupporterFactory, act_url, action_form_data, owner_client
from writeathon.campaigns.models import Case


def _selected(html: str) -> list[str]:
    select = html.split('name="country"')[1].split("</select>")[0]
    return [
        part.split('"')[0]
        for part in select.split('<option value="')[1:]
        if " selected>" in part.split("</option>")[0]
    ]


@pytest.mark.parametrize("header", ["en-US", "es-MX", "ar-EG", "en", "de_DE,en;q=0.5"])
def test_the_browsers_language_names_no_country(case: Case, header: str) -> None:
    html = Client(headers={"accept-language": header}).get(case.get_absolute_url()).content.decode()
    assert html.count('name="country"') == 1  # one form, one country field
    assert _selected(html) == []


def test_a_sections_page_names_its_country(case: Case) -> None:
    client = Client(headers={"accept-language": "en-US"})
    html = client.get(case.get_absolute_url() + "?country=mx").content.decode()
    assert _selected(html) == ["MX"]
    assert _selected(client.get(case.get_absolute_url() + "?country=XX").content.decode()) == []


def test_an_earlier_action_in_this_browser_names_the_country(case: Case) -> None:
    client = Client(headers={"accept-language": "en-US"})
    response = client.post(act_url(case), action_form_data("signature", country="AR"))
    assert response.status_code == 302
    html = client.get(case.get_absolute_url()).content.decode()
    assert _selected(html) == ["AR"]
    # The name and the address are not kept in the browser: only the owner's cookie brings them.
    assert "Amira Haddad" not in html
    assert "amira@example.com" not in html


def test_the_owners_browser_gets_name_email_and_country(case: Case) -> None:
    owner = SupporterFactory(name="Leila Ahmadi", email="leila@example.org", country="IR")
    response = owner_client(owner).get(case.get_absolute_url())
    html = response.content.decode()
    assert 'value="Leila Ahmadi"' in html
    assert 'value="leila@example.org"' in html
    assert _selected(html) == ["IR"]
    assert "no-store" in response["Cache-Control"]
    # Another browser sees none of it.
    stranger = Client().get(case.get_absolute_url()).content.decode()
    assert "leila@example.org" not in stranger
