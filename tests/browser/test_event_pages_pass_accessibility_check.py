"""The finder, an event's page and the host's sign-up pass axe-core in English and Arabic,
fit a 320 px phone, work without JavaScript and break no Content-Security-Policy rule (the
world map is an image from the site itself)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_break_no_content_security_rule import watched
from tests.browser.test_pages_pass_accessibility_check import violations
from writeathon.campaigns.models import Campaign
from writeathon.events.sample_events import sample_events_load


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_event_pages_pass_accessibility_check(
    new_page: PageFactory, sample_campaign: Campaign, language: str
) -> None:
    events = sample_events_load(campaign=sample_campaign)
    page = new_page(
        language=language, viewport={"width": 320, "height": 640}, java_script_enabled=False
    )
    problems: list[str] = []

    # Without JavaScript, the search is a plain form in the address.
    page.goto("/events/")
    expect(page.locator(".event-item")).to_have_count(3)
    page.select_option("#id_country", "JO")
    page.locator("form.event-search button[type=submit]").click()
    page.wait_for_url("**/events/?*country=JO*")
    expect(page.locator(".event-item")).to_have_count(1)
    expect(page.locator(".event-item")).to_contain_text(events[1].title)
    screenshot(page, f"events-finder-{language}")

    page = new_page(language=language, viewport={"width": 320, "height": 640})
    csp_violations = watched(page)
    page.goto("/events/")
    map_loaded = page.evaluate(
        "() => { const img = document.querySelector('.world-map img');"
        " return img.complete && img.naturalWidth > 0; }"
    )
    assert map_loaded, "the world map did not load"
    problems += violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the finder is {width} px wide"

    page.goto("/events/?day_from=not-a-date")
    problems += violations(page)

    page.goto(f"/events/{events[1].public_id}/?tz=Europe/Madrid")
    problems += violations(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    problems += violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the event page is {width} px wide"

    page.goto("/events/host/")
    problems += violations(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    problems += violations(page)

    problems += csp_violations()
    assert problems == [], "\n".join(problems)
