"""A print run: the cover sheet on page 1, then every letter from the top of a new page."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from tests.delivery.pdf_reading import page_texts, sample_letter
from writeathon.delivery import pdf
from writeathon.delivery.pdf import CoverSheet, letter_pdf, letters_pdf

COVER = CoverSheet(
    title="Letters for Ilham Tohti",
    recipient_name="Xi Jinping",
    recipient_title="President of the People's Republic of China",
    recipient_address="Zhongnanhai\nXichang'an Jie\nBeijing 100017\nChina",
    count=3,
    note="Print run 12, 2016-12-10",
)


@pytest.fixture(autouse=True)
def _pdf_cache(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path


def test_one_short_letter_is_one_page() -> None:
    assert len(page_texts(letter_pdf(sample_letter()))) == 1


def test_cover_then_each_letter_on_its_own_pages() -> None:
    long_body = "\n\n".join(f"Paragraph {n}: " + "please release him. " * 30 for n in range(12))
    letters = [
        sample_letter(body="First letter: free Ilham Tohti.", signer_name="Ana"),
        sample_letter(body=long_body + "\n\nEnd of the second letter.", signer_name="Ben"),
        sample_letter(language="ar", body="الرسالة الثالثة: أطلقوا سراحه.", signer_name="Chi"),
    ]

    pages = page_texts(letters_pdf(letters, cover=COVER))

    cover = pages[0]
    assert "Letters for Ilham Tohti" in cover
    assert "3 letters" in cover
    assert "Print run 12, 2016-12-10" in cover
    assert cover.startswith("Xi Jinping\nPresident of the People's Republic of")
    assert "Minister of the Interior" not in cover
    # Each letter starts at the top of a page with its date; the long one runs on.
    starts = [n for n, page in enumerate(pages) if page.startswith("Dec. 10, 2016\n")]
    arabic_start = len(pages) - 1
    assert starts == [1, 2]
    assert pages[arabic_start].startswith("10 ديسمبر، 2016\nMinister of the Interior")
    assert arabic_start >= 4  # the second letter took two pages or more
    assert "First letter: free Ilham Tohti." in pages[1]
    assert "Paragraph 0" not in pages[1]
    assert "End of the second letter." in pages[arabic_start - 1]
    assert "الرسالة الثالثة: أطلقوا سراحه." in pages[arabic_start]
    assert "Ben" not in pages[arabic_start]


def test_cover_labels_are_translated_into_the_cover_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    languages = []

    def spy_ngettext(singular: str, plural: str, number: int) -> str:
        languages.append(translation.get_language())
        return f"[{singular}]"

    monkeypatch.setattr(pdf, "ngettext", spy_ngettext)

    spanish = dataclasses.replace(COVER, language="es", count=1)
    pages = page_texts(letters_pdf([sample_letter()], cover=spanish))

    assert languages == ["es"]
    assert "[1 letter]" in pages[0]
    assert translation.get_language() != "es"  # the override ended with the rendering
