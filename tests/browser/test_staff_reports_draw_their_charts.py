"""The staff reports in Chromium: every chart has drawn its marks (SVG shapes with a size),
each beside its table, without JavaScript too; the page passes axe-core in English and
Arabic and fits a small phone. Screenshots are written for a person to look at."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from tests.reporting.reports import counted_actions, report_staff
from writeathon.campaigns.models import Campaign, Case

CHARTS = [
    "chart-goal",
    "chart-cases",
    "chart-countries",
    "chart-channels",
    "chart-sources",
    "chart-days",
    "chart-editions",
    "chart-funnel",
]


def _sign_in(page: Page, live_server: Any) -> None:
    client = report_staff("ines", section=None)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _with_counts(campaign: Campaign) -> None:
    case = Case.objects.get(campaign=campaign, slug="shawkan")
    other = Case.objects.get(campaign=campaign, slug="annie-alfred")
    counted_actions(case, other)
    # A view of a case page, for the funnel.
    from django.test import Client

    Client().get(case.get_absolute_url())


def _assert_charts_drawn(page: Page) -> None:
    for chart_id in CHARTS:
        chart = page.locator(f"svg#{chart_id}")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, chart_id
        marks = chart.locator("rect.chart-bar")
        assert marks.count() > 0, chart_id
        sizes = marks.evaluate_all(
            "els => els.map(el => { const b = el.getBBox(); return [b.width, b.height]; })"
        )
        assert any(w > 0 and h > 0 for w, h in sizes), (chart_id, sizes)
        # The same numbers in a table beside it.
        table_id = "table-" + chart_id.removeprefix("chart-")
        expect(page.locator(f"#{table_id} tbody tr").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_reports_draw_every_chart_and_pass_accessibility_check(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    _with_counts(sample_campaign)
    page = new_page(language=language, viewport={"width": 1280, "height": 900})
    _sign_in(page, live_server)
    page.goto("/staff/reports/")
    expect(page.locator("main h1")).to_be_visible()
    _assert_charts_drawn(page)
    assert violations(page) == []
    screenshot(page, f"staff-reports-{language}")

    # Filtered by channel: still drawn, still accessible.
    page.goto("/staff/reports/?channel=email")
    _assert_charts_drawn(page)
    assert violations(page) == []


@pytest.mark.browser
def test_staff_reports_without_javascript_on_a_small_phone(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign
) -> None:
    _with_counts(sample_campaign)
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False)
    _sign_in(page, live_server)
    page.goto("/staff/reports/")
    _assert_charts_drawn(page)
    assert_no_sideways_scroll(page)
    screenshot(page, "staff-reports-phone-no-js")
