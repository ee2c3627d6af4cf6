"""Anyone can get a campaign's print pack from its page, no event needed: choose a language,
watch the progress while it is prepared (the page reloads itself, no JavaScript), then
download it. Bad addresses are a clear 404, and nothing is queued for them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from tests.delivery.pdf_reading import page_texts
from writeathon.campaigns.models import Campaign
from writeathon.campaigns.services import campaign_set_status
from writeathon.delivery.models import PrintPack
from writeathon.delivery.packs import print_pack_build

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"


def _urls(campaign: Campaign, language: str) -> tuple[str, str, str]:
    base = f"/campaigns/{campaign.slug}/print-pack/"
    return base, f"{base}{language}/", f"{base}{language}/pdf"


@override_settings(TASKS=DB_TASKS)
def test_the_page_shows_progress_then_the_download(campaign: Campaign) -> None:
    visitor = Client()
    choose, status, pdf = _urls(campaign, "en")

    page = visitor.get(choose)
    assert page.status_code == 200
    assert status in page.content.decode()
    assert not PrintPack.objects.exists()  # choosing queues nothing

    # Asked for: queued, and the page says so and reloads itself.
    page = visitor.get(status)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "<progress" in html and "waiting to be prepared" in html
    assert visitor.get(pdf)["Location"] == status  # not ready: back to the progress
    pack = PrintPack.objects.get()
    assert DBTaskResult.objects.count() == 1

    # Half way through its parts (as the build records them).
    PrintPack.objects.filter(pk=pack.pk).update(
        status=PrintPack.Status.BUILDING, parts_done=2, parts_total=5
    )
    html = visitor.get(status).content.decode()
    assert "2 of 5 parts done" in html
    assert 'max="5" value="2"' in html
    assert 'http-equiv="refresh"' in html
    # The visitor may turn the reloading off, and reload when they like.
    html = visitor.get(f"{status}?reload=off").content.decode()
    assert 'http-equiv="refresh"' not in html and "2 of 5 parts done" in html

    # Built: the link, and no more reloading.
    PrintPack.objects.filter(pk=pack.pk).update(status=PrintPack.Status.QUEUED)
    assert print_pack_build(print_pack_id=pack.pk)
    pack.refresh_from_db()
    html = visitor.get(status).content.decode()
    assert 'http-equiv="refresh"' not in html and "<progress" not in html
    assert f'href="{pdf}"' in html
    assert f"{pack.page_count} pages" in html
    response = visitor.get(pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="print-pack-{campaign.slug}-en.pdf"' in response["Content-Disposition"]
    body = response.getvalue()
    assert len(page_texts(body)) == pack.page_count
    assert DBTaskResult.objects.count() == 1


@override_settings(TASKS=DB_TASKS)
def test_the_page_speaks_the_readers_language(campaign: Campaign) -> None:
    _choose, status, _pdf = _urls(campaign, "ar")
    html = Client().get(status, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html
    assert "حزمة طباعة لماراثون كتابة الرسائل" in html
    assert "الحزمة في انتظار الإعداد." in html


@override_settings(TASKS=DB_TASKS)
def test_bad_addresses_are_a_clear_404_and_queue_nothing(campaign: Campaign) -> None:
    visitor = Client()
    base, _status, _pdf = _urls(campaign, "en")
    for url in (
        f"{base}xx/",
        f"{base}xx/pdf",
        f"{base}{'e' * 300}/",
        "/campaigns/nope/print-pack/",
    ):
        response = visitor.get(url)
        assert response.status_code == 404, url
    assert "There is no print pack in this language." in visitor.get(f"{base}xx/").content.decode()
    assert visitor.post(f"{base}en/").status_code == 405
    campaign_set_status(campaign=campaign, status=Campaign.Status.DRAFT)
    assert visitor.get(f"{base}en/").status_code == 404
    assert not PrintPack.objects.exists()
    assert not DBTaskResult.objects.exists()
