"""On a 360 px phone nothing scrolls sideways and the buttons are big enough to tap."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory, screenshot
from writeathon.campaigns.models import Campaign, Case

PHONE = {"width": 360, "height": 740}


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_small_phone_layout(
    new_page: PageFactory, sample_campaign: Campaign, language: str
) -> None:
    page = new_page(language=language, viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto("/")
    assert_no_sideways_scroll(page)

    for case in Case.objects.filter(campaign=sample_campaign):
        page.goto(case.get_absolute_url())
        assert_no_sideways_scroll(page)
        for button in page.locator("main form button[type=submit]").all():
            button.scroll_into_view_if_needed()
            expect(button).to_be_visible()
            expect(button).to_be_in_viewport()
            box = button.bounding_box()
            assert box is not None
            assert box["height"] >= 44, f"{case.slug}: a {box['height']} px tall button"
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

        if case.slug == "shawkan":
            screenshot(page, f"case-360-{language}")
