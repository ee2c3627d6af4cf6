"""The staff pages of a campaign (its window, the copy preview, an import's preview with bad
rows) and the roles page pass axe-core in English and Arabic, and fit a 360 px phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from writeathon.campaigns.models import Campaign
from writeathon.campaigns.services import campaign_import_stage
from writeathon.sections.services import staff_membership_set

BAD_FILE = b"slug,name,country,category\nok-case,Good,PE,unfair_trial\nbad,Bad,XX,unfair_trial\n"


def _sign_in(page: Page, live_server: Any) -> Any:
    user = get_user_model().objects.create_user(
        username="keiko", password="pw-keiko-123456", is_staff=True
    )
    staff_membership_set(user=user, is_international=True, role="international_coordinator")
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
    return user


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_campaign_pages_pass_axe(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    page = new_page(language=language, viewport=PHONE)
    user = _sign_in(page, live_server)
    job = campaign_import_stage(
        campaign=sample_campaign,
        kind="cases",
        filename="cases.csv",
        content=BAD_FILE,
        user_id=user.pk,
    )
    problems: list[str] = []
    for path in (
        f"/staff/campaigns/{sample_campaign.slug}/window/",
        f"/staff/campaigns/{sample_campaign.slug}/copy/",
        f"/staff/campaigns/{sample_campaign.slug}/import/",
        f"/staff/campaigns/imports/{job.pk}/",
        "/staff/roles/",
    ):
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        assert "/two-factor/" not in page.url, page.url
        problems += violations(page)
        assert_no_sideways_scroll(page)
    assert problems == [], "\n".join(problems)
