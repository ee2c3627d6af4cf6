"""Under the Content-Security-Policy, pages and the admin run without a single violation,
and the live counter still moves its number and its progress bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.conftest import PageFactory, digits
from tests.browser.test_pages_pass_accessibility_check import violations as axe_violations
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.second_factor import second_factor_enrolment_issue
from writeathon.core.vocabulary import Channel
from writeathon.reporting.selectors import counter_snapshot
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import action_submit, supporter_confirm

# Every violation is reported to the page as an event; collect them before any script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""

Watch = Callable[[], list[str]]


def watched(page: Page) -> Watch:
    """A function returning the violations seen so far on `page` (console and events)."""
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    page.add_init_script(RECORD_VIOLATIONS)

    def seen() -> list[str]:
        events: list[str] = page.evaluate("window.__cspViolations || []")
        return [f"{page.url}: {text}" for text in events + console]

    return seen


@pytest.fixture
def page_and_watch(new_page: PageFactory) -> tuple[Page, Watch]:
    page = new_page()
    return page, watched(page)


def _sign(case: Case, email: str) -> None:
    action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email=email,
        name="Rafa Refresh",
        country="ES",
        language="en",
        base_url="http://testserver",
    )
    supporter_confirm(supporter=Supporter.objects.get(email=email))


@pytest.mark.browser
def test_campaign_and_case_pages_run_without_violations_and_the_counter_moves(
    page_and_watch: tuple[Page, Watch], sample_campaign: Campaign
) -> None:
    page, violations = page_and_watch
    total_before = counter_snapshot(campaign=sample_campaign).total
    # A goal that one more action brings to exactly half, so the bar must change width.
    Campaign.objects.filter(pk=sample_campaign.pk).update(goal=2 * (total_before + 1))
    cache.clear()
    case = Case.objects.get(campaign=sample_campaign, slug="ilham-tohti")

    page.goto(case.get_absolute_url())
    assert violations() == []

    page.goto(sample_campaign.get_absolute_url())
    bar = page.locator("[data-counter-progress] .progress-bar")
    assert "w-50" not in (bar.get_attribute("class") or "")
    shown = page.locator("[data-counter-total]").inner_text()
    # The year-by-year bars take their width from their class: the longest fills its track.
    widths = page.locator(".bar-chart .bar").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().width"
        " / b.parentElement.getBoundingClientRect().width)"
    )
    assert len(widths) > 1
    assert max(widths) == pytest.approx(1.0, abs=0.01)
    assert any(0 < width < 1 for width in widths)

    _sign(case, "rafa@example.org")
    cache.clear()
    page.locator("[data-counter]").dispatch_event("writeathon:refresh")
    expect(page.locator("[data-counter-total]")).not_to_have_text(shown)
    assert digits(page.locator("[data-counter-total]").inner_text()) == total_before + 1
    expect(bar).to_have_class("progress-bar w-50")
    # The bar grows to half its track (after a short transition).
    page.wait_for_function(
        """() => {
          const bar = document.querySelector("[data-counter-progress] .progress-bar");
          const ratio = bar.getBoundingClientRect().width
            / bar.parentElement.getBoundingClientRect().width;
          return Math.abs(ratio - 0.5) < 0.02;
        }"""
    )
    expect(page.locator("[data-counter-progress]")).to_have_attribute("aria-valuenow", "50")
    assert violations() == []


@pytest.mark.browser
def test_the_watch_itself_sees_a_violation(page_and_watch: tuple[Page, Watch]) -> None:
    page, violations = page_and_watch
    page.goto("/")
    page.evaluate("document.body.setAttribute('style', 'outline: 1px solid red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("style-src" in text for text in violations())


def _admin_sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit], button[type=submit]").last.click()


@pytest.mark.browser
def test_the_admin_runs_without_violations(
    page_and_watch: tuple[Page, Watch], sample_campaign: Campaign, settings: Any
) -> None:
    settings.STAFF_REQUIRE_2FA = False
    page, violations = page_and_watch
    get_user_model().objects.create_superuser(username="dana", password="pw-dana-123456")
    case = Case.objects.get(campaign=sample_campaign, slug="shawkan")

    _admin_sign_in(page, "dana", "pw-dana-123456")
    expect(page.locator("#content h1")).to_be_visible()
    assert page.url.endswith("/admin/")
    for url in (
        "/admin/campaigns/case/",
        f"/admin/campaigns/case/{case.pk}/change/",
        "/admin/campaigns/campaign/add/",
        "/admin/auth/user/add/",
    ):
        page.goto(url)
        expect(page.locator("#content")).to_be_visible()
        assert violations() == [], url
    # The admin's own scripts run: the "add another" inline link is made by inlines.js.
    page.goto("/admin/campaigns/campaign/add/")
    expect(page.locator(".add-row a").first).to_be_visible()
    assert violations() == []


@pytest.mark.browser
def test_staff_enrol_a_second_factor_in_the_browser(
    page_and_watch: tuple[Page, Watch], sample_campaign: Campaign, settings: Any
) -> None:
    settings.STAFF_REQUIRE_2FA = True
    page, violations = page_and_watch
    staff = get_user_model().objects.create_superuser(username="dana", password="pw-dana-123456")

    _admin_sign_in(page, "dana", "pw-dana-123456")
    page.wait_for_url("**/staff/two-factor/**")
    # Without a link from an administrator, the page only says to ask for one.
    expect(page.locator("img.qr-code")).to_have_count(0)
    assert axe_violations(page) == []
    _enrolment, token = second_factor_enrolment_issue(user=staff)
    page.goto(reverse("staff-two-factor-enrol", kwargs={"token": token}))
    qr = page.locator("img.qr-code")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0  # the data: image loads

    assert axe_violations(page) == []

    device = TOTPDevice.objects.get(user=staff)
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    expect(page.locator("#content h1")).to_be_visible()
    assert violations() == []


@pytest.mark.browser
def test_the_lockout_page_reads_well_on_a_small_phone_in_arabic(
    new_page: PageFactory, sample_campaign: Campaign
) -> None:
    get_user_model().objects.create_superuser(username="dana", password="pw-dana-123456")
    page = new_page(language="ar", viewport={"width": 360, "height": 740})
    violations = watched(page)
    for _ in range(5):
        _admin_sign_in(page, "dana", "wrong-password")
    expect(page.locator("#id_password")).to_have_count(0)  # the lockout page, not the form
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    assert violations() == []
