# ruff: noqa: RUF001  (letters in Cyrillic and Chinese, on purpose)
"""Solidarity cards: two A5 cards on each A4 sheet, one above the other, one message each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.delivery.pdf_reading import find_characters, page_characters, page_texts
from writeathon.delivery.pdf import CoverSheet, SolidarityCard, cards_pdf

A4_HEIGHT = 297 * 72 / 25.4  # points


def card(message: str, language: str = "en", signer: str = "Amal") -> SolidarityCard:
    return SolidarityCard(
        language=language,
        case_name="Mahmoud Abu Zeid (Shawkan)",
        message=message,
        signer_name=signer,
        signer_country="Kenya",
    )


@pytest.fixture(autouse=True)
def _pdf_cache(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path


def test_three_cards_fill_two_sheets_top_half_then_bottom() -> None:
    cards = [
        card("First card: you are not alone."),
        card("نحن معك، لن ننساك.", language="ar", signer="سارة"),
        card("Третья открытка: мы с вами.", language="ru", signer="Ольга"),
    ]

    rendered = cards_pdf(cards)

    pages = page_texts(rendered)
    assert len(pages) == 2
    assert "First card: you are not alone." in pages[0]
    assert "نحن معك، لن ننساك." in pages[0]
    assert "Третья открытка: мы с вами." in pages[1]
    characters = page_characters(rendered, 0)
    first = find_characters(characters, "First card")[0]
    second = find_characters(characters, "نحن معك")[0]
    assert first.bottom > A4_HEIGHT / 2 > second.top  # PDF heights count from the bottom


# As long as the form allows (1,000 characters), in wide and narrow scripts and in lines.
LONGEST_MESSAGES = [
    "\n\n".join(["We stand with you and will not stop writing until you are free. " * 3] * 5),
    "我们与你站在一起，直到你获得自由，我们不会停止写信。" * 38,
    "نحن نقف معك ولن نتوقف عن الكتابة حتى تنال حريتك. " * 20,
    "\n".join(f"Line {n}: you are not alone." for n in range(36)),
]


@pytest.mark.parametrize("message", LONGEST_MESSAGES)
def test_the_longest_messages_stay_on_their_card(message: str) -> None:
    assert 950 <= len(message) <= 1000
    cards = [card(message, signer="Ana"), card(message, signer="Ben")]

    rendered = cards_pdf(cards)

    assert len(page_texts(rendered)) == 1
    characters = page_characters(rendered, 0)
    # Each signature is printed on its own card: above the cut line, above the page edge.
    top_signature = find_characters(characters, "Ana")[0]
    bottom_signature = find_characters(characters, "Ben")[0]
    assert top_signature.bottom > A4_HEIGHT / 2 + 10
    assert 10 < bottom_signature.bottom < A4_HEIGHT / 2


def test_cover_sheet_comes_first() -> None:
    cover = CoverSheet(
        title="Cards for Shawkan",
        recipient_name="Mahmoud Abu Zeid",
        recipient_title="",
        recipient_address="Tora Prison\nCairo\nEgypt",
        count=3,
        note="Event in Nairobi, 2016-12-10",
    )

    pages = page_texts(cards_pdf([card("One."), card("Two."), card("Three.")], cover=cover))

    assert len(pages) == 3
    assert "Cards for Shawkan" in pages[0]
    assert "3 solidarity cards" in pages[0]
    assert "One." not in pages[0]
