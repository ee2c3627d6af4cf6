"""The print pack page in Chromium, without JavaScript: it shows the progress, reloads itself
until the pack is built, then offers the download; it passes axe-core in English and Arabic
(right to left) and fits a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.browser.test_small_phone_layout import PHONE, assert_no_sideways_scroll
from tests.delivery.packs import plain
from tests.delivery.pdf_reading import page_texts
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.selectors import case_appeal
from writeathon.delivery.models import PrintPack
from writeathon.delivery.packs import print_pack_build

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _files(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
@override_settings(TASKS=DB_TASKS)
def test_the_page_shows_progress_reloads_itself_and_offers_the_download(
    new_page: PageFactory, sample_campaign: Campaign, language: str
) -> None:
    # Read by axe in a browser with JavaScript (axe runs in the page); the journey itself
    # in one without.
    checked = new_page(language=language)
    page = new_page(language=language, java_script_enabled=False, accept_downloads=True)
    page.goto(f"/campaigns/{sample_campaign.slug}/print-pack/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    checked.goto(page.url)
    assert violations(checked) == []
    page.locator(f"main a[hreflang={language}]").click()

    # Queued: the progress, and the page will reload itself.
    expect(page.locator("main progress")).to_be_visible()
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(1)
    screenshot(page, f"print-pack-progress-{language}")
    # The one finding is the reload the page asks for; with it turned off (the page's own
    # link), nothing is left.
    checked.goto(page.url)
    expect(checked.locator("main progress")).to_be_visible()
    assert [v.split(": ", 1)[1].split(" ")[0] for v in violations(checked)] == ["meta-refresh"]
    checked.locator("main a[href='?reload=off']").click()
    expect(checked.locator("main progress")).to_be_visible()
    expect(checked.locator('meta[http-equiv="refresh"]')).to_have_count(0)
    assert violations(checked) == []

    pack = PrintPack.objects.get(language=language)
    assert print_pack_build(print_pack_id=pack.pk)  # as the worker does

    # Without a click, the page reloads and shows the download.
    link = page.locator("main a.button[download]")
    expect(link).to_be_visible(timeout=10_000)
    expect(page.locator("main progress")).to_have_count(0)
    checked.goto(page.url)
    assert violations(checked) == []
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    text = plain("".join(page_texts(data)))
    for case in Case.objects.filter(campaign=sample_campaign, status=Case.Status.PUBLISHED):
        appeal = case_appeal(case=case, language=language)
        assert appeal is not None and plain(appeal.ask) in text

    phone = new_page(language=language, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"/campaigns/{sample_campaign.slug}/print-pack/{language}/")
    expect(phone.locator("main a.button[download]")).to_be_visible()
    screenshot(phone, f"print-pack-360-{language}")
    assert_no_sideways_scroll(phone)
    assert violations(phone) == []
