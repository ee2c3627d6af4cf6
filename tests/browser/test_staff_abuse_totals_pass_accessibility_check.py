"""/staff/abuse/ as a section's staff see it (the totals of what was sent and refused, no
address and no rule) passes axe-core in English and Arabic and fits a 360 px phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from tests.factories import StaffUserFactory
from tests.sections.scoped_records import grant
from writeathon.abuse.models import AccessRule
from writeathon.abuse.services import access_rule_add, traffic_record
from writeathon.campaigns.models import Campaign
from writeathon.sections.models import Section
from writeathon.sections.services import staff_membership_set


def _section_staff() -> Any:
    """Peru's staff, with every permission of the page: they still see only the totals."""
    user = StaffUserFactory(username="paola")
    grant(user, "abuse.view_traffichour", "abuse.add_accessrule", "abuse.delete_accessrule")
    staff_membership_set(user=user, section=Section.objects.get(country="PE"))
    return user


def _signed_in(page: Page, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _traffic() -> None:
    for _ in range(3):
        traffic_record(ip="192.0.2.7", domain="spam.example")
    traffic_record(ip="192.0.2.7", domain="spam.example", refused=True)
    access_rule_add(kind=AccessRule.Kind.IP, value="198.51.100.9", action=AccessRule.Action.BLOCK)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_totals_page_passes_accessibility_check_and_fits_a_phone(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    _traffic()
    paola = _section_staff()
    page = new_page(language=language)
    _signed_in(page, live_server, paola)
    page.goto("/staff/abuse/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("#last-1h-heading")).to_be_visible()
    html = page.content()
    assert "192.0.2.7" not in html and "198.51.100.9" not in html
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert violations(page) == []

    phone = new_page(language=language, viewport=PHONE, is_mobile=True, has_touch=True)
    _signed_in(phone, live_server, paola)
    phone.goto("/staff/abuse/")
    expect(phone.locator("#last-1h-heading")).to_be_visible()
    screenshot(phone, f"abuse-totals-360-{language}")
    assert_no_sideways_scroll(phone)
    assert violations(phone) == []
