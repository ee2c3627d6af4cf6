"""What a supporter types is printed as text: markup is not obeyed, line breaks are kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.delivery.pdf_reading import find_characters, page_characters, page_texts, sample_letter
from writeathon.delivery.pdf import SolidarityCard, cards_pdf, letter_pdf


@pytest.fixture(autouse=True)
def _pdf_cache(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path


def test_html_in_every_field_is_printed_not_obeyed() -> None:
    letter = sample_letter(
        recipient_name="<b>Minister</b>",
        recipient_address="<i>1 Square</i>\n&amp; Co",
        subject="</title><h1>Hi",
        body="<script>alert(1)</script>\n\n<p style='color:red'>Tom & Jerry</p>",
        signer_name="<span>Amal</span>",
        signer_country='Kenya"><img src=x>',
    )

    [text] = page_texts(letter_pdf(letter))

    for written in [
        "<b>Minister</b>",
        "<i>1 Square</i>\n&amp; Co",
        "</title><h1>Hi",
        "<script>alert(1)</script>",
        "<p style='color:red'>Tom & Jerry</p>",
        "<span>Amal</span>",
        'Kenya"><img src=x>',
    ]:
        assert written in text


def test_card_message_is_printed_not_obeyed() -> None:
    card = SolidarityCard(
        language="en",
        case_name="<em>Shawkan</em>",
        message="<style>*{display:none}</style>Stay strong",
        signer_name="A & B",
        signer_country="",
    )

    [text] = page_texts(cards_pdf([card]))

    assert "<em>Shawkan</em>" in text
    assert "<style>*{display:none}</style>Stay strong" in text
    assert "A & B" in text


def test_blank_lines_make_paragraphs_and_line_breaks_stay() -> None:
    body = "Dear Minister,\r\nfirst line\nsecond line\n \nA new paragraph.\x07"

    pdf = letter_pdf(sample_letter(body=body))

    [text] = page_texts(pdf)
    assert "Dear Minister,\nfirst line\nsecond line\nA new paragraph.\n" in text
    characters = page_characters(pdf)
    first, second, third = (
        find_characters(characters, line)[0] for line in ["first", "second", "A new"]
    )
    line_height = first.bottom - second.bottom
    assert line_height > 0
    # A paragraph break leaves more space than a line break.
    assert second.bottom - third.bottom > line_height * 1.2
