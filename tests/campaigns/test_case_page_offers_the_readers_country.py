"""The country field starts on the country of the reader's language (es-AR: Argentina)."""

from __future__ import annotations

import pytest
from django.test import Client

from writeathon.actions.forms import country_from_accept_language
from writeathon.campaigns.models import Case


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("es-AR,es;q=0.9,en;q=0.8", "AR"),
        ("ar-EG", "EG"),
        ("zh-Hant-TW", "TW"),
        ("de_DE", "DE"),
        ("en", ""),
        ("es-419", ""),
        ("en-XX", ""),
        ("", ""),
        ("*;q=0.5", ""),
    ],
)
def test_country_from_accept_language(header: str, country: str) -> None:
    assert country_from_accept_language(header) == country


def test_every_form_starts_on_the_readers_country(case: Case) -> None:
    page = Client(headers={"accept-language": "es-MX"}).get(case.get_absolute_url())
    html = page.content.decode()
    # email, fax, letter, tweet, solidarity and signature
    assert html.count('<option value="MX" selected>') == 6
    assert "México" in html


def test_no_country_is_chosen_without_a_region(case: Case) -> None:
    html = Client(headers={"accept-language": "en"}).get(case.get_absolute_url()).content.decode()
    assert " selected>" not in html.split('name="signature-country"')[1].split("</select>")[0]
