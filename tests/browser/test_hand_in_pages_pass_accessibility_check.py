"""A section's staff make a hand-in in the browser, without JavaScript, and mark it handed
in: the pages pass axe-core in English and Arabic and fit a 320 px phone; the case page's
thermometer passes too."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.delivery.petitions import petition_staff, signature
from writeathon.campaigns.models import Campaign, Case
from writeathon.delivery.models import HandIn
from writeathon.sections.models import Section

SMALL_PHONE = {"width": 320, "height": 640}


def _sign_in(page: Page, live_server: Any, username: str) -> None:
    client = Client()
    client.force_login(petition_staff(username, section=Section.objects.get(country="PE")))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"{page.url} is {width} px wide"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_hand_in_made_and_marked_in_the_browser(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
    Case.objects.filter(pk=case.pk).update(signature_goal=100)
    signature(case, email="ana@example.pe", name="Ana Quispe", country="PE")
    phone = {"viewport": SMALL_PHONE, "is_mobile": True, "has_touch": True}
    # The whole way without JavaScript, on a small phone.
    page = new_page(language=language, java_script_enabled=False, **phone)
    _sign_in(page, live_server, f"peru-{language}")
    seen: list[str] = []

    page.goto(case.get_absolute_url())
    expect(page.locator(".thermometer-text")).to_be_visible()
    seen.append(page.url)
    _no_sideways_scroll(page)

    page.goto("/staff/outbox/hand-ins/")
    seen.append(page.url)
    _no_sideways_scroll(page)
    page.locator(f"a[href='/staff/outbox/hand-ins/case/{case.pk}/']").click()
    page.locator("#new-heading ~ form button[type=submit]").click()  # count first
    expect(page.locator("[role=status]")).to_be_visible()
    seen.append(page.url)
    _no_sideways_scroll(page)
    page.locator("[role=status] form button[type=submit]").click()
    expect(page.locator(".table-scroll")).to_be_visible()
    seen.append(page.url)
    hand_in = HandIn.objects.get()
    assert hand_in.count == 1

    page.goto(f"/staff/outbox/hand-ins/{hand_in.pk}/handed-in/")
    seen.append(page.url)
    _no_sideways_scroll(page)
    page.fill("#id_handed_in_on", "2016-12-12")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".table-scroll")).to_be_visible()
    hand_in.refresh_from_db()
    assert hand_in.handed_in_on is not None

    # axe-core runs in the page: the same pages again, with JavaScript.
    checked = new_page(language=language, **phone)
    _sign_in(checked, live_server, f"peru-{language}-axe")
    problems: list[str] = []
    for url in seen:
        checked.goto(url)
        problems += violations(checked)
    assert problems == [], "\n".join(problems)
