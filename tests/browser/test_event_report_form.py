"""The host's report form in Chromium on a small phone, in English and Arabic:
it passes axe-core, fits a small phone, and the counter moves by exactly what the host
reports, and back by exactly the correction."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from tests.events.factories import EventFactory, host_client, open_campaign
from writeathon.campaigns.models import Campaign, Case
from writeathon.events.models import Event


def _as_host(page: Page, event: Event, live_server: Any) -> None:
    client = host_client(event.host)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _total() -> int:
    return int(json.loads(Client().get("/counter.json").content)["total"])


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_host_reports_and_corrects_in_the_browser(
    new_page: PageFactory, sample_campaign: Campaign, live_server: Any, language: str
) -> None:
    window = (sample_campaign.closes_at, sample_campaign.reporting_deadline)
    open_campaign(sample_campaign)
    try:
        case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
        event = EventFactory(campaign=sample_campaign, host__language=language)
        event.cases.set([case])
        before = _total()

        page = new_page(language=language, viewport=PHONE)
        _as_host(page, event, live_server)
        page.goto(f"/events/{event.public_id}/report/")
        assert violations(page) == []
        assert_no_sideways_scroll(page)

        page.locator("#id_attendees").fill("24")
        page.locator(f"#id_count_{case.pk}_letter").fill("41")
        page.locator(f"#id_count_{case.pk}_solidarity").fill("9")
        page.locator("#report-submit").click()
        expect(page.locator(".notice").first).to_be_visible()
        assert _total() == before + 50
        assert violations(page) == []
        screenshot(page, f"event-report-{language}")

        page.locator(f"#id_count_{case.pk}_letter").fill("36")
        page.locator("#report-submit").click()
        expect(page.locator(".notice").first).to_be_visible()
        assert _total() == before + 45
        assert violations(page) == []
        assert_no_sideways_scroll(page)
    finally:
        sample_campaign.closes_at, sample_campaign.reporting_deadline = window
        sample_campaign.save(update_fields=["closes_at", "reporting_deadline"])
