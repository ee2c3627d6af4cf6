"""The staff outbox pages (and the writer's view of their deliveries) pass axe-core in English
and Arabic, and fit a 360 px phone: wide tables scroll inside their own focusable box, the
page itself never sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from tests.delivery.outbox import confirmed_action
from tests.delivery.staff import refused_letter, staff_user
from writeathon.abuse.models import AccessRule
from writeathon.abuse.services import access_rule_add, traffic_record
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.services import BROWSER_COOKIE, browser_token_make


def _sign_in(page: Page, live_server: Any) -> None:
    client = Client()
    user = staff_user("outbox-staff")
    # The moderation queue (writeathon.moderation) and the traffic page (writeathon.abuse)
    # are checked here too.
    user.user_permissions.add(
        Permission.objects.get(codename="moderate"),
        Permission.objects.get(codename="view_traffichour"),
        Permission.objects.get(codename="add_accessrule"),
        Permission.objects.get(codename="delete_accessrule"),
    )
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


def _outbox_with_work(campaign: Campaign) -> Delivery:
    case = Case.objects.get(campaign=campaign, slug="shawkan")
    dead = refused_letter(case, email="dead@example.net")
    confirmed_action(case, Channel.LETTER, email="postal@example.net")
    confirmed_action(case, Channel.SOLIDARITY, email="held@example.net", body="Courage!")
    # Some traffic and a rule, so that the traffic page shows its tables.
    traffic_record(ip="192.0.2.7", domain="example.net")
    traffic_record(ip="192.0.2.7", domain="example.net", refused=True)
    access_rule_add(kind=AccessRule.Kind.IP, value="198.51.100.9", action=AccessRule.Action.BLOCK)
    return dead


def _staff_pages(dead: Delivery) -> list[str]:
    return [
        "/staff/outbox/",
        "/staff/outbox/?status=dead",
        f"/staff/outbox/{dead.pk}/",
        "/staff/moderation/",
        f"/staff/moderation/{Delivery.objects.get(kind=Delivery.Kind.SOLIDARITY).pk}/",
        "/staff/outbox/print-runs/",
        "/staff/abuse/",
    ]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_outbox_pages_pass_accessibility_check(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    dead = _outbox_with_work(sample_campaign)
    page = new_page(language=language)
    _sign_in(page, live_server)
    problems: list[str] = []
    for url in _staff_pages(dead):
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
        problems += violations(page)
    # With JavaScript, the select-all box appears and ticks every row.
    page.goto("/staff/outbox/?status=dead")
    expect(page.locator("[data-select-all-fallback]")).to_be_hidden()
    page.locator("#select-all").check()
    expect(page.locator(f"#select-{dead.pk}")).to_be_checked()
    problems += violations(page)
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_thanks_page_with_delivery_states_passes_accessibility_check(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    dead = _outbox_with_work(sample_campaign)
    assert dead.action is not None and dead.action.supporter is not None
    page = new_page(language=language)
    page.context.add_cookies(
        [
            {
                "name": BROWSER_COOKIE,
                "value": browser_token_make(supporter=dead.action.supporter),
                "url": live_server.url,
            }
        ]
    )
    page.goto(reverse("actions:thanks", kwargs={"public_id": dead.action.public_id}))
    expect(page.locator(".delivery-progress li")).to_have_count(1)
    assert violations(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_outbox_pages_fit_a_small_phone(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    dead = _outbox_with_work(sample_campaign)
    page = new_page(language=language, viewport=PHONE, is_mobile=True, has_touch=True)
    _sign_in(page, live_server)
    for url in _staff_pages(dead):
        page.goto(url)
        assert_no_sideways_scroll(page)
    page.goto("/staff/outbox/?status=dead")
    screenshot(page, f"outbox-360-{language}")
    box = page.locator(".table-scroll").first
    expect(box).to_have_attribute("tabindex", "0")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
