"""An event's cover goes in front of the kept pack on request: its title, its date and time
where it happens (an event in Tokyo seen from anywhere), its place or "online", and the
host's first name only. The pack itself is not built again for it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.delivery.packs import plain
from tests.delivery.pdf_reading import page_texts
from writeathon.campaigns.models import Campaign
from writeathon.delivery.models import PrintPack
from writeathon.delivery.packs import PackCover, print_pack_request, print_pack_with_cover

pytestmark = pytest.mark.django_db

# 09:30 UTC is 18:30 in Tokyo, the same day.
STARTS = datetime.datetime(2026, 12, 10, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _files(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.TIME_ZONE = "America/Lima"  # the server's zone must not show through


def _built(campaign: Campaign, language: str, capture: Any) -> PrintPack:
    with capture(execute=True):
        pack = print_pack_request(campaign=campaign, language=language)
    pack.refresh_from_db()
    assert pack.status == PrintPack.Status.READY
    return pack


def test_the_cover_shows_the_event_in_its_own_time_zone_and_the_hosts_first_name(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    pack = _built(campaign, "en", django_capture_on_commit_callbacks)
    built_at = pack.built_at
    cover = PackCover(
        title="Letters for freedom at Setagaya Library",
        starts_at=STARTS,
        ends_at=STARTS + datetime.timedelta(hours=2),
        time_zone="Asia/Tokyo",
        place="Setagaya Central Library, 3-1 Yuri, Tokyo",
        online=False,
        host_name="Aiko Tanaka-Suzuki",
        languages=["ja", "en"],
    )

    pdf = print_pack_with_cover(pack=pack, cover=cover)

    pages = page_texts(pdf)
    assert len(pages) == pack.page_count + 1
    front = plain(pages[0])
    assert plain(cover.title) in front
    assert plain("Dec. 10, 2026, 6:30 p.m.") in front  # in Tokyo, not Lima nor UTC
    assert plain("8:30 p.m.") in front
    assert "Asia/Tokyo" in front
    assert plain(cover.place) in front
    assert "Aiko" in front and "Tanaka" not in plain("".join(pages))
    assert plain("Japanese, English") in front
    with pack.file.open("rb") as file:
        assert [plain(page) for page in pages[1:]] == [
            plain(page) for page in page_texts(file.read())
        ]
    pack.refresh_from_db()
    assert pack.built_at == built_at  # the pack was not built again


def test_an_online_event_in_arabic_says_online_in_arabic(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    pack = _built(campaign, "ar", django_capture_on_commit_callbacks)
    cover = PackCover(
        title="ماراثون الرسائل في عمّان",
        starts_at=STARTS,
        ends_at=None,
        time_zone="Asia/Amman",
        place="",
        online=True,
        host_name="Layla Haddad",
        languages=["ar"],
    )
    front = plain(page_texts(print_pack_with_cover(pack=pack, cover=cover))[0])
    with translation.override("ar"):
        online = gettext("Online")
    assert online != "Online"
    assert plain(online) in front and plain(cover.title) in front
    assert "Layla" in front and "Haddad" not in front


def test_a_pack_not_built_yet_has_no_cover_to_take(campaign: Campaign) -> None:
    pack = print_pack_request(campaign=campaign, language="es")  # not committed: not built
    cover = PackCover(
        title="x",
        starts_at=STARTS,
        ends_at=None,
        time_zone="UTC",
        place="",
        online=True,
        host_name="",
        languages=[],
    )
    with pytest.raises(ValueError, match="not built"):
        print_pack_with_cover(pack=pack, cover=cover)
