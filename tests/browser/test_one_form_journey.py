"""The one form of a case page in Chromium, with and without JavaScript, in English and
Arabic: three ways to act chosen, the supporter's details given once, one email, and one
confirmation that counts the three."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory, confirmation_link
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case

if TYPE_CHECKING:
    from tests.conftest import SmtpServer

CHOSEN = ["email", "solidarity", "signature"]


def _label(language: str, singular: str, plural: str, count: int) -> str:
    with translation.override(language):
        return ngettext(singular, plural, count) % {"count": count, "counter": count}


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_three_ways_to_act_confirmed_once(
    new_page: PageFactory,
    sample_campaign: Campaign,
    smtp_server: SmtpServer,
    language: str,
    javascript: bool,
) -> None:
    page = new_page(language=language, java_script_enabled=javascript)
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
    address = f"three-{language}-{int(javascript)}@example.org"
    page.goto(case.get_absolute_url())
    form = page.locator("form[data-act-form]")
    # One form asks about the supporter once.
    expect(page.locator("input[name=email]")).to_have_count(1)
    expect(page.locator("select[name=country]")).to_have_value("")

    if javascript:
        # The texts of the ways not ticked are out of the way.
        expect(page.locator("#id_fax-body")).to_be_hidden()
        expect(page.locator("#id_email-body")).to_be_hidden()
    else:
        # Every way's text is there under its box, folded away in a <details>.
        for channel in ("email", "fax", "letter", "solidarity"):
            expect(page.locator(f"#act-{channel} details summary")).to_be_visible()

    for channel in CHOSEN:
        page.check(f"#way-{channel}")
    if javascript:
        expect(page.locator("#id_email-body")).to_be_visible()
        expect(page.locator("#id_fax-body")).to_be_hidden()
        button_text = _label(language, "Send my action", "Send my %(count)s actions", 3)
        expect(form.locator("button[type=submit]")).to_have_text(button_text)
    else:
        page.locator("#act-solidarity details summary").click()
    expect(page.locator("#id_solidarity-body")).to_be_visible()
    page.fill("#id_solidarity-body", "Shawkan, photographers everywhere stand with you.")
    page.fill("#id_name", "Nour Three")
    page.fill("#id_email", address)
    page.select_option("#id_country", "TN")
    form.locator("button[type=submit]").click()

    page.wait_for_url("**/thanks/**")
    assert "#" not in page.url
    waiting = Action.objects.filter(supporter__email=address)
    assert sorted(waiting.values_list("channel", flat=True)) == sorted(CHOSEN)
    assert {a.status for a in waiting} == {Action.Status.PENDING}

    # One email for the three (confirmation_link fails on a second one).
    page.goto(confirmation_link(smtp_server, to=address))
    expect(page.locator("input[name=action]")).to_have_count(3)
    confirm = _label(language, "Confirm my action", "Confirm my %(counter)s actions", 3)
    button = page.locator("main form button[type=submit]")
    expect(button).to_have_text(confirm)
    button.click()
    expect(page.locator("h1")).to_be_visible()
    assert {a.status for a in waiting.all()} == {Action.Status.CONFIRMED}

    # Back on a case page, this browser (the owner's now) finds its details filled in.
    page.goto(case.get_absolute_url())
    expect(page.locator("#id_name")).to_have_value("Nour Three")
    expect(page.locator("#id_email")).to_have_value(address)
    expect(page.locator("#id_country")).to_have_value("TN")
