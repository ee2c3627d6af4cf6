"""The staff pages of tally imports and held event reports pass axe-core in English and
Arabic on a small phone: the upload form, a preview with its row errors, and the queue of
held reports."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import PageFactory
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from tests.events.factories import (
    EventFactory,
    events_staff,
    host_client,
    open_campaign,
    staff_client,
)
from tests.events.tallies import csv_file, last_import, upload
from writeathon.campaigns.models import Campaign, Case


def _signed_in(page: Page, client: Any, live_server: Any) -> None:
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_tally_pages_pass_accessibility_check(
    new_page: PageFactory, sample_campaign: Campaign, live_server: Any, language: str
) -> None:
    window = (sample_campaign.closes_at, sample_campaign.reporting_deadline)
    open_campaign(sample_campaign)
    try:
        case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
        event = EventFactory(campaign=sample_campaign)
        event.cases.set([case])
        host_client(event.host).post(
            reverse("event_reports:report", kwargs={"public_id": event.public_id}),
            {"attendees": "2", f"count_{case.pk}_letter": "300"},
        )
        client = staff_client(events_staff(f"tallies-axe-{language}", section=None))
        upload(client, sample_campaign, csv_file("PE,Colegio,nobody,letter,-3,2099-01-01"))
        bad = last_import()

        page = new_page(language=language, viewport=PHONE)
        _signed_in(page, client, live_server)
        problems: list[str] = []
        for url in (
            reverse("event_reports:tallies"),
            reverse("event_reports:tally-import", args=[bad.public_id]),
            reverse("event_reports:held"),
        ):
            page.goto(url)
            problems += violations(page)
            assert_no_sideways_scroll(page)
        assert problems == []
    finally:
        sample_campaign.closes_at, sample_campaign.reporting_deadline = window
        sample_campaign.save(update_fields=["closes_at", "reporting_deadline"])
