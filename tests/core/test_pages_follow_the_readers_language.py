"""English, Spanish and Arabic (right to left), chosen by Accept-Language or by the picker."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.factories import act_url, action_form_data
from writeathon.campaigns.models import Case

TAKE_ACTION = "Take action"


def _translated(language: str, message: str) -> str:
    with translation.override(language):
        text = gettext(message)
    assert text != message, f"{message!r} has no {language} translation"
    return text


def test_english_by_default(client: Client, case: Case) -> None:
    response = client.get(case.get_absolute_url())
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert TAKE_ACTION in html


@pytest.mark.parametrize(
    ("header", "language", "direction"),
    [
        ("es", "es", "ltr"),
        ("es-MX,es;q=0.9", "es", "ltr"),
        ("ar", "ar", "rtl"),
        ("ar-EG", "ar", "rtl"),
    ],
)
def test_accept_language_chooses_the_page_language(
    client: Client, case: Case, header: str, language: str, direction: str
) -> None:
    response = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=header)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert escape(_translated(language, TAKE_ACTION)) in html
    assert TAKE_ACTION not in html
    # The case content follows too.
    assert escape(case.appeals.get(language=language).summary) in html
    assert "Accept-Language" in response["Vary"]


def test_unsupported_language_falls_back_to_english(client: Client, case: Case) -> None:
    response = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert escape(case.appeals.get(language="en").summary) in html


@pytest.mark.parametrize("language", ["es", "ar"])
def test_picker_switches_language(client: Client, case: Case, language: str) -> None:
    url = case.get_absolute_url()
    response = client.post("/i18n/setlang/", {"language": language, "next": url})

    assert response.status_code == 302
    assert response["Location"] == url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language

    # The choice sticks, even over the browser's own preference.
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert f'<html lang="{language}"' in html
    assert escape(_translated(language, TAKE_ACTION)) in html


def test_picker_refuses_unknown_language_and_foreign_next(client: Client, case: Case) -> None:
    response = client.post(
        "/i18n/setlang/", {"language": "xx", "next": "https://evil.example.net/"}
    )
    assert response.status_code == 302
    assert "evil.example.net" not in response["Location"]
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("language", ["es", "ar"])
def test_form_errors_are_translated(client: Client, case: Case, language: str) -> None:
    response = client.post(
        act_url(case, "signature"),
        action_form_data("signature", name="Amira\x07"),
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        escape(
            _translated(language, "Please remove the invisible control characters from this text.")
        )
        in html
    )
    assert escape(_translated(language, "Please check the form")) in html
