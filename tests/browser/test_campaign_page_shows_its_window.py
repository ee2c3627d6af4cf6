"""The campaign and case pages say how long is left while a campaign is open, and once it
has closed say so and point to the campaign open now, in English and in Arabic, on a small
phone too, and pass axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.factories import CampaignFactory, CampaignTextFactory
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.services import campaign_close_now, campaign_window_set


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_window_notice_on_the_campaign_and_case_pages(
    new_page: PageFactory, sample_campaign: Campaign, language: str
) -> None:
    now = timezone.now()
    campaign_window_set(
        campaign=sample_campaign,
        user_id=None,
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=3, hours=2),
        reporting_deadline=None,
        time_zone="Asia/Tokyo",
    )
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")
    page = new_page(language=language, viewport={"width": 320, "height": 640})
    problems: list[str] = []

    page.goto(sample_campaign.get_absolute_url())
    notice = page.locator("#campaign-window")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Closes in 3 days" if language == "en" else "3")
    expect(notice).to_contain_text("Asia/Tokyo")
    screenshot(page, f"campaign-window-open-{language}")
    problems += violations(page)

    page.goto(case.get_absolute_url())
    expect(page.locator("#campaign-window")).to_be_visible()
    expect(page.locator("#act-signature")).to_have_count(1)
    problems += violations(page)

    campaign_close_now(campaign=sample_campaign, user_id=None)
    next_edition = CampaignFactory(
        slug="write-for-rights-2027",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=60),
    )
    CampaignTextFactory(campaign=next_edition, language="en", title="Write for Rights 2027")
    page.goto(sample_campaign.get_absolute_url())
    notice = page.locator("#campaign-window")
    if language == "en":
        expect(notice).to_contain_text("This campaign has ended")
    expect(notice.locator(f"a[href='{next_edition.get_absolute_url()}']")).to_be_visible()
    screenshot(page, f"campaign-window-closed-{language}")
    problems += violations(page)

    page.goto(case.get_absolute_url())
    expect(page.locator("#act-signature")).to_have_count(0)
    link = f"#campaign-window a[href='{next_edition.get_absolute_url()}']"
    expect(page.locator(link)).to_be_visible()
    problems += violations(page)

    assert problems == [], "\n".join(problems)
