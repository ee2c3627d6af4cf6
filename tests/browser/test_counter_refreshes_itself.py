"""With JavaScript on, the counter on an open page catches up with new actions by itself."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory, digits
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import action_submit, supporter_confirm


@pytest.mark.browser
def test_counter_refreshes_itself(new_page: PageFactory, sample_campaign: Campaign) -> None:
    page = new_page()
    case = Case.objects.get(campaign=sample_campaign, slug="ilham-tohti")
    page.goto(sample_campaign.get_absolute_url())
    total = page.locator("[data-counter-total]")
    case_total = page.locator('[data-counter-case="ilham-tohti"]')
    shown = total.inner_text()
    before, case_before = digits(shown), digits(case_total.inner_text())
    # Mark the page, so that a reload (which would lose the mark) cannot pass for a refresh.
    page.evaluate("window.notReloaded = true")

    result = action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email="rafa@example.org",
        name="Rafa Refresh",
        country="ES",
        language="en",
        base_url="http://testserver",
    )
    assert not result.counted
    assert supporter_confirm(supporter=Supporter.objects.get(email="rafa@example.org")) == 1

    cache.clear()
    page.locator("[data-counter]").dispatch_event("writeathon:refresh")
    expect(total).not_to_have_text(shown)
    assert digits(total.inner_text()) == before + 1
    assert digits(case_total.inner_text()) == case_before + 1
    assert page.evaluate("window.notReloaded") is True
