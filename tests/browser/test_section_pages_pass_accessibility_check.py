"""A section's own page passes axe-core in its language (Spanish for Peru, Arabic for Jordan,
right to left), works on a 320 px phone without JavaScript, and shows its colours."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from writeathon.campaigns.models import Campaign


@pytest.mark.browser
@pytest.mark.parametrize(
    ("slug", "language", "direction"), [("peru", "es", "ltr"), ("jordan", "ar", "rtl")]
)
def test_a_sections_page_passes_accessibility_check(
    new_page: PageFactory, sample_campaign: Campaign, slug: str, language: str, direction: str
) -> None:
    page = new_page(language=language)
    page.goto(f"/sections/{slug}/")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("h1")).to_contain_text(slug.capitalize())
    banner = page.locator(".section-banner")
    assert banner.evaluate("e => getComputedStyle(e).backgroundColor") in (
        "rgb(255, 204, 0)",
        "rgb(255, 255, 0)",
    )
    assert violations(page) == []
    screenshot(page, f"section-{slug}-desktop")


@pytest.mark.browser
def test_a_sections_page_fits_a_small_phone_without_javascript(
    new_page: PageFactory, sample_campaign: Campaign
) -> None:
    page = new_page(
        language="ar", viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    page.goto("/sections/jordan/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    expect(page.locator(".case-card").first).to_be_visible()
    screenshot(page, "section-jordan-phone")
