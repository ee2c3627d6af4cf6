"""Every page on the supporter's path passes axe-core, in English and in Arabic (right to left)."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory
from writeathon.campaigns.models import Campaign, Case
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import confirmation_token_make

AXE = Axe()


def violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it is now, one readable line per offending node."""
    found: list[dict[str, Any]] = AXE.run(page).response["violations"]
    return [
        f"{page.url}: {rule['id']} ({rule['impact']}): {rule['help']} -> {node['target']}"
        for rule in found
        for node in rule["nodes"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_pass_accessibility_check(
    new_page: PageFactory, sample_campaign: Campaign, language: str
) -> None:
    page = new_page(language=language)
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
    problems: list[str] = []

    page.goto("/")
    problems += violations(page)

    page.goto(case.get_absolute_url())
    problems += violations(page)

    # An empty signature form comes back with its errors.
    page.check("#way-signature")
    page.locator("form[data-act-form] button[type=submit]").click()
    expect(page.locator("#act-errors")).to_be_visible()
    problems += violations(page)

    page.fill("#id_name", "Amal Access")
    page.fill("#id_email", f"amal-{language}@example.org")
    page.select_option("#id_country", "TN")
    page.locator("form[data-act-form] button[type=submit]").click()
    page.wait_for_url("**/thanks/**")
    problems += violations(page)

    supporter = Supporter.objects.get(email=f"amal-{language}@example.org")
    page.goto(f"/confirm/{confirmation_token_make(supporter=supporter)}/")
    problems += violations(page)

    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    assert "/confirm/" in page.url
    problems += violations(page)

    # The same link opened again: used, it only says so.
    page.goto(page.url)
    expect(page.locator("main h1")).to_have_text(
        "Already confirmed" if language == "en" else "تم التأكيد من قبل"
    )
    expect(page.locator("main form button[type=submit]")).to_have_count(0)
    problems += violations(page)

    assert problems == [], "\n".join(problems)
