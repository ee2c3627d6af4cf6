"""In Arabic the page runs right to left and the case is told in Arabic."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory
from writeathon.campaigns.models import Appeal, Campaign, Case


@pytest.mark.browser
def test_right_to_left(new_page: PageFactory, sample_campaign: Campaign) -> None:
    page = new_page(language="ar")
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
    arabic = Appeal.objects.get(case=case, language="ar")
    english = Appeal.objects.get(case=case, language="en")

    page.goto(case.get_absolute_url())
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    story = page.locator(".story")
    first_paragraph = arabic.story.split("\n\n")[0].strip()
    expect(story).to_contain_text(first_paragraph)
    expect(story).not_to_contain_text(english.story.split("\n\n")[0].strip())
    expect(page.locator(".tagline")).to_have_text(arabic.summary)
    expect(page.locator("#id_email-body")).to_have_value(arabic.letter_body)

    # Right to left in the layout too: the breadcrumb link sits at the right edge.
    box = page.locator(".breadcrumbs a").bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["x"] + box["width"] > viewport["width"] / 2
