"""The impact page, a supporter's own page, the staff update and widget pages and the widget
itself in Chromium: axe finds nothing in English or Arabic, a 360 px phone never scrolls
sideways, the pages work without JavaScript, and the widget shows its count inside a page
of another site while keeping no cookie."""

from __future__ import annotations

import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageFactory, digits, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.reporting.staff import update_staff
from writeathon.campaigns.models import Campaign, Case, OfficialResponse, Outcome, OutcomeText
from writeathon.core.vocabulary import Channel
from writeathon.reporting.models import Update
from writeathon.reporting.updates import update_save
from writeathon.supporters.links import own_page_url


def _news(campaign: Campaign) -> tuple[Case, str]:
    """Outcomes in this edition and a past one, an official's response, and a supporter's
    own page link."""
    case = Case.objects.get(campaign=campaign, slug="shawkan")
    action = confirmed_action(case, Channel.EMAIL, email="reader@example.net")
    outbox_pass()
    outcome = Outcome.objects.create(
        case=case, happened_on=timezone.localdate(), kind=Outcome.Kind.RELEASED, is_published=True
    )
    for language, text in {
        "en": "Released after 2,000 days in prison, thanks to your letters.",
        "es": "Liberado tras 2.000 días en prisión, gracias a vuestras cartas.",
        "ar": "أُفرج عنه بعد ألفي يوم في السجن، بفضل رسائلكم.",
    }.items():
        OutcomeText.objects.create(outcome=outcome, language=language, text=text)
    past_case = Case.objects.exclude(campaign=campaign).filter(status=Case.Status.PUBLISHED).first()
    if past_case is not None:
        older = Outcome.objects.create(
            case=past_case,
            happened_on=date(2017, 5, 2),
            kind=Outcome.Kind.CHARGES_DROPPED,
            is_published=True,
        )
        OutcomeText.objects.create(outcome=older, language="en", text="Charges dropped.")
    OfficialResponse.objects.create(
        case=case,
        official="The Public Prosecutor",
        responded_on=timezone.localdate(),
        summary="The office acknowledged the letters.",
        is_public=True,
    )
    assert action.supporter is not None
    return case, own_page_url(supporter=action.supporter, base_url="")


def _sign_in(page: Page, live_server: Any) -> None:
    client = Client()
    client.force_login(update_staff("impact-staff"))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _pages(campaign: Campaign, case: Case, own_page: str) -> list[str]:
    return [
        "/impact/",
        case.get_absolute_url(),
        own_page,
        f"/widget/{campaign.slug}/",
        f"/widget/{campaign.slug}/{case.slug}/?bg=1b1f3b&fg=ffffff&accent=ffd400&size=l",
    ]


def _staff_pages(campaign: Campaign, case: Case) -> list[str]:
    update = update_save(
        user_id=None,
        audience=Update.Audience.CASE,
        campaign=campaign,
        case=case,
        section=None,
        fallback_language="en",
        texts={
            "en": ("News", "The court will hear the case again."),
            "ar": ("أخبار", "ستنظر المحكمة في القضية مجددًا."),
        },
    )
    return [
        "/staff/updates/",
        "/staff/updates/new/",
        f"/staff/updates/{update.pk}/",
        f"/staff/updates/{update.pk}/?lang=ar",
        f"/staff/widget/?campaign={campaign.pk}&case={case.pk}&lang=ar",
    ]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_impact_pages_pass_accessibility_check(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    case, own_page = _news(sample_campaign)
    page = new_page(language=language)
    problems: list[str] = []
    for url in _pages(sample_campaign, case, own_page):
        page.goto(url)
        problems += violations(page)
    page.goto("/impact/")
    expect(page.locator(".impact-edition").first).to_be_visible()
    screenshot(page, f"impact-{language}")
    page.goto(own_page)
    screenshot(page, f"supporter-page-{language}")
    _sign_in(page, live_server)
    for url in _staff_pages(sample_campaign, case):
        page.goto(url)
        expect(page.locator("main h1")).to_be_visible()
        problems += violations(page)
    screenshot(page, f"staff-widget-{language}")
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_impact_pages_fit_a_small_phone_without_javascript(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign, language: str
) -> None:
    case, own_page = _news(sample_campaign)
    page = new_page(
        language=language,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    for url in _pages(sample_campaign, case, own_page)[:3]:
        page.goto(url)
        assert_no_sideways_scroll(page)
    page.goto("/impact/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    expect(page.locator(".outcome").first).to_be_visible()
    screenshot(page, f"impact-360-{language}")
    _sign_in(page, live_server)
    for url in _staff_pages(sample_campaign, case):
        page.goto(url)
        assert_no_sideways_scroll(page)


@pytest.mark.browser
def test_the_widget_shows_its_count_inside_another_sites_page(
    new_page: PageFactory, live_server: Any, sample_campaign: Campaign
) -> None:
    case, _own_page = _news(sample_campaign)
    page = new_page(language="ar")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    # A page of another site (another origin: 127.0.0.1, not localhost, on its own port)
    # that pastes the snippet.
    host = (
        f'<!DOCTYPE html><html lang="en"><head><title>Section</title></head><body>'
        f'<h1>A section site</h1><iframe title="count" width="360" height="180" '
        f'src="{live_server.url}/widget/{sample_campaign.slug}/?lang=ar">'
        f'<a href="{live_server.url}/">Writeathon</a></iframe></body></html>'
    ).encode()

    class SectionSite(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(host)))
            self.end_headers()
            self.wfile.write(host)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), SectionSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    section_site = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        page.goto(section_site)
        frame = page.frame_locator("iframe")
        expect(frame.locator(".widget-count")).to_be_visible()
        assert digits(frame.locator(".widget-count").inner_text()) >= 1
        expect(frame.locator("html")).to_have_attribute("dir", "rtl")
        screenshot(page, "widget-framed-ar")
        assert page.context.cookies() == []
        assert all(url.startswith((live_server.url, section_site)) for url in requests)
        # The widget alone, as its own page, for the accessibility check.
        page.goto(f"/widget/{sample_campaign.slug}/{case.slug}/?lang=ar&size=s")
        assert violations(page) == []
    finally:
        server.shutdown()
        server.server_close()
