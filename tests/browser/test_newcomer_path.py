"""The newcomer's path, in a real browser: campaign -> case -> email -> confirm -> one more."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import confirmation_link, digits
from writeathon.actions.models import Action
from writeathon.campaigns.models import Appeal, Campaign

if TYPE_CHECKING:
    from tests.conftest import SmtpServer


def counter_json_total(page: Page) -> int:
    response = page.request.get("/counter.json")
    assert response.ok
    body: dict[str, Any] = response.json()
    total: int = body["total"]
    return total


def campaign_page_total(page: Page, campaign: Campaign) -> int:
    page.goto(campaign.get_absolute_url())
    return digits(page.locator("[data-counter-total]").inner_text())


@pytest.mark.browser
def test_newcomer_path(page: Page, sample_campaign: Campaign, smtp_server: SmtpServer) -> None:
    # Keep the counter's cache short so the test need not wait out the default lifetime.
    with override_settings(COUNTER_CACHE_SECONDS=1):
        before_page = campaign_page_total(page, sample_campaign)
        before_json = counter_json_total(page)
        assert before_json == before_page

        page.goto("/")
        page.locator(".case-card-link", has_text="Shawkan").click()
        expect(page.locator("h1")).to_have_text("Shawkan")
        expect(page.locator(".case-count-large")).to_have_text("0 actions for Shawkan so far")

        appeal = Appeal.objects.get(case__slug="shawkan", language="en")
        page.check("#way-email")
        letter = page.locator("#id_email-body")
        expect(letter).to_have_value(appeal.letter_body)
        expect(page.locator("#id_email-subject")).to_have_value(appeal.letter_subject)

        page.fill("#id_name", "Nadia Newcomer")
        page.fill("#id_email", "nadia@example.org")
        page.select_option("#id_country", "FR")
        page.get_by_role("button", name="Send my action").click()

        # A browser that has not yet proved it belongs to the address is told what is true
        # whatever the address has done before.
        expect(page.locator("h1")).to_have_text("Thank you for taking action")
        expect(page.locator("p.lead")).to_contain_text("Check your inbox")
        action = Action.objects.get(supporter__email="nadia@example.org")
        assert action.channel == "email"
        assert action.status == Action.Status.PENDING

        link = confirmation_link(smtp_server, to="nadia@example.org")
        page.goto(link)
        expect(page.locator("h1")).to_have_text("Confirm your email")
        page.get_by_role("button", name="Confirm my action").click()
        expect(page.locator("h1")).to_have_text("Thank you: your email is confirmed")
        expect(page.locator(".lead")).to_have_text("Your action now counts.")
        action.refresh_from_db()
        assert action.status == Action.Status.CONFIRMED

        # The count is cached for a moment; within that moment it must show the new action.
        deadline = time.monotonic() + 5
        after_page = campaign_page_total(page, sample_campaign)
        while after_page == before_page and time.monotonic() < deadline:
            time.sleep(0.3)
            after_page = campaign_page_total(page, sample_campaign)
        assert after_page == before_page + 1
        assert counter_json_total(page) == before_json + 1
