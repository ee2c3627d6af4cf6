"""The 503 page a supporter meets when the database is away, in Chromium: the form they
sent comes back with what they typed, passes axe-core, reads right to left in Arabic, fits a
phone, and its one button sends the form once the database is back.

The live server runs in another thread, so the outage is made where the test can hold it:
the browser's request is answered by the site itself (the whole middleware stack, with the
browser's cookies) while the database cannot be reached, and the page goes to the browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from tests.outage import database_unreachable
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case

RTL = {"ar": "rtl", "en": "ltr"}


def _answered_during_an_outage(tmp_path: Path, language: str, statuses: list[int]) -> Any:
    """A route handler that has the site answer the request with the database away."""

    def handle(route: Route) -> None:
        request = route.request
        if request.method != "POST":
            route.continue_()
            return
        with database_unreachable(tmp_path):
            response = Client().generic(
                "POST",
                urlsplit(request.url).path,
                data=request.post_data_buffer or b"",
                content_type=request.headers.get("content-type", ""),
                HTTP_COOKIE=request.headers.get("cookie", ""),
                HTTP_ACCEPT_LANGUAGE=language,
            )
        statuses.append(response.status_code)
        route.fulfill(
            status=response.status_code,
            headers=dict(response.items()),
            body=response.content,
        )

    return handle


def _sign_during_an_outage(page: Page, case: Case, tmp_path: Path, language: str) -> None:
    page.goto(case.get_absolute_url())
    statuses: list[int] = []
    handler = _answered_during_an_outage(tmp_path, language, statuses)
    page.route("**/act/**", handler)
    page.check("#way-signature")
    page.fill("#id_name", "Amal Outage")
    page.fill("#id_email", f"amal-outage-{language}@example.org")
    page.select_option("#id_country", "TN")
    page.locator("form[data-act-form] button[type=submit]").click()
    expect(page.locator("main form button[type=submit]")).to_be_visible()
    page.unroute("**/act/**", handler)
    assert statuses == [503]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_outage_page_passes_accessibility_check_and_sends_the_form_again(
    new_page: PageFactory, sample_campaign: Campaign, tmp_path: Path, language: str
) -> None:
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
    page = new_page(language=language)
    _sign_during_an_outage(page, case, tmp_path, language)

    assert page.locator("html").get_attribute("dir") == RTL[language]
    assert page.locator("html").get_attribute("lang") == language
    if language == "en":
        expect(page.locator("main")).to_contain_text("Nothing was sent")
    assert not Action.objects.exists()
    assert violations(page) == []

    # The database is back: the one button sends what was typed, once.
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/thanks/**")
    action = Action.objects.get()
    assert action.supporter is not None
    assert action.supporter.email == f"amal-outage-{language}@example.org"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_outage_page_fits_a_phone(
    new_page: PageFactory, sample_campaign: Campaign, tmp_path: Path, language: str
) -> None:
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
    page = new_page(language=language, viewport=PHONE, is_mobile=True, has_touch=True)
    _sign_during_an_outage(page, case, tmp_path, language)
    screenshot(page, f"outage-360-{language}")
    assert_no_sideways_scroll(page)
    assert violations(page) == []
