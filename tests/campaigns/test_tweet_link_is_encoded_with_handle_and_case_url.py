"""The "Write the post" link opens a prefilled post: the appeal's short text, the official's
@handle and the case page's address, URL-encoded, in a new tab, with no API key."""

from __future__ import annotations

import html as html_module
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, override_settings

from tests.factories import AppealFactory, CaseFactory, TargetFactory, act_url
from writeathon.campaigns.models import Case
from writeathon.campaigns.views import tweet_intent_url


def tweet_link(client: Client, case: Case, **headers: str) -> tuple[str, str]:
    """The link's href (unescaped) and the whole <a> tag."""
    page = client.get(case.get_absolute_url(), headers=headers).content.decode()
    [tag] = re.findall(r'<a [^>]*href="[^"]*intent[^"]*"[^>]*>', page)
    [href] = re.findall(r'href="([^"]*)"', tag)
    return html_module.unescape(href), tag


def posted_text(href: str) -> str:
    [text] = parse_qs(urlsplit(href).query, strict_parsing=True)["text"]
    return text


def test_sample_case_link_holds_text_handle_and_case_url(client: Client, case: Case) -> None:
    appeal = case.appeals.get(language="en")
    target = case.targets.get()
    href, tag = tweet_link(client, case)

    assert href.startswith("https://twitter.com/intent/tweet?text=")
    assert posted_text(href) == (
        f"{appeal.short_text} {target.social_handle} http://testserver{case.get_absolute_url()}"
    )
    assert 'target="_blank"' in tag
    assert 'rel="noopener"' in tag


def test_arabic_text_and_symbols_are_encoded(client: Client, case: Case) -> None:
    appeal = case.appeals.get(language="ar")
    href, _tag = tweet_link(client, case, accept_language="ar")
    query = urlsplit(href).query
    # Nothing in the query would end the text early or start another parameter.
    assert re.fullmatch(r"text=[A-Za-z0-9%._~-]*", query), query
    assert posted_text(href).startswith(appeal.short_text)


@pytest.mark.django_db
def test_handle_without_at_gets_one_and_special_characters_survive() -> None:
    case = CaseFactory(slug="ana-maria")
    AppealFactory(case=case, short_text="Free Ana & María #now? 100% = justice")
    TargetFactory(case=case, social_handle="  ministro_cl ")
    client = Client()
    href, _tag = tweet_link(client, case)
    assert posted_text(href) == (
        "Free Ana & María #now? 100% = justice @ministro_cl "
        f"http://testserver{case.get_absolute_url()}"
    )
    # The handle is shown with its @ on the page too.
    page = client.get(case.get_absolute_url()).content.decode()
    assert '<strong dir="ltr">@ministro_cl</strong>' in page


@override_settings(SITE_URL="https://write.example.org")
def test_link_uses_the_configured_site_address(client: Client, case: Case) -> None:
    href, _tag = tweet_link(client, case)
    assert posted_text(href).endswith(f" https://write.example.org{case.get_absolute_url()}")


def test_the_link_is_shown_again_with_a_form_error(client: Client, case: Case) -> None:
    # The page shown again is at the form's address: the link must still point to the case.
    response = client.post(act_url(case, "tweet"), {"ways": "tweet", "name": ""})
    assert response.status_code == 400
    [href] = re.findall(r'href="([^"]*intent[^"]*)"', response.content.decode())
    text = posted_text(html_module.unescape(href))
    assert text.endswith(f" http://testserver{case.get_absolute_url()}")


@override_settings(TWEET_INTENT_URL="https://mastodon.example/share?lang=en")
def test_another_intent_address_can_be_configured() -> None:
    href = tweet_intent_url(text="Free them", handle="@a", url="https://x.example/c/")
    assert href.startswith("https://mastodon.example/share?lang=en&text=")
    assert parse_qs(urlsplit(href).query)["text"] == ["Free them @a https://x.example/c/"]
