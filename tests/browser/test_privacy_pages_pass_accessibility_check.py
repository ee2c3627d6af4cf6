"""A supporter's own data pages pass axe-core, in English and in Arabic, and fit a small phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.supporters.links import data_link_token_make, unsubscribe_token_make
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import action_submit


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_privacy_pages_pass_accessibility_check(
    new_page: PageFactory, sample_campaign: Campaign, language: str
) -> None:
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
    action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email=f"dana-{language}@example.org",
        name="Dana Data",
        country="TN",
        language=language,
        base_url="http://testserver",
    )
    supporter = Supporter.objects.get(email=f"dana-{language}@example.org")
    page = new_page(language=language, viewport={"width": 360, "height": 740})
    problems: list[str] = []

    page.goto("/my-data/")
    problems += violations(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    problems += violations(page)
    page.fill("#id_email", f"dana-{language}@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/my-data/sent/")
    problems += violations(page)

    page.goto(f"/my-data/{data_link_token_make(supporter=supporter)}/")
    problems += violations(page)
    # Erasing without ticking the box comes back with the error.
    page.locator("form[action$='/erase/'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    problems += violations(page)
    screenshot(page, f"privacy-data-{language}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the data page is {width} px wide"

    page.goto(f"/unsubscribe/{unsubscribe_token_make(supporter=supporter)}/")
    problems += violations(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    problems += violations(page)

    page.goto("/my-data/not-a-link/")
    problems += violations(page)

    assert problems == [], "\n".join(problems)
