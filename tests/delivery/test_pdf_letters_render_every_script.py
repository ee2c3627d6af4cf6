# ruff: noqa: RUF001  (letters in Cyrillic and Chinese, on purpose)
"""Letters come out right in every script: the words read back, drawn in a font that has them.

WeasyPrint logs a warning for each character no font has (a .notdef box on paper), so
the letters must render without one. Hindi words with a vowel sign written before its
consonant (कि) render correctly but read back garbled (the PDF maps glyphs, not clusters,
to text): the sentence compared exactly avoids them, the letter still contains them.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.delivery.pdf_reading import (
    find_characters,
    glyphs_per_text,
    page_characters,
    page_texts,
    sample_letter,
)
from writeathon.delivery.pdf import letter_pdf

# Where lines end on an A4 page with its 22 mm right margin, in points.
RIGHT_MARGIN = (210 - 22) * 72 / 25.4
ARABIC_SENTENCE = "نحن نقف مع شوكان ونطالب بالإفراج عنه بعد سنوات من السجن."

SCRIPTS = [
    # language, a sentence that must read back exactly, the date as printed,
    # the characters to check, the font that must draw them
    (
        "en",
        "Journalism is not a crime: please release him now.",
        "Dec. 10, 2016",
        "LATIN",
        "Noto-Serif",
    ),
    (
        "es",
        "Le pido que lo libere de inmediato: ¡está en peligro, señor ministro!",
        "10 de diciembre de 2016",
        "LATIN",
        "Noto-Serif",
    ),
    (
        "ru",
        "Прошу вас немедленно и безоговорочно освободить его.",
        "10 декабря 2016 г.",
        "CYRILLIC",
        "Noto-Serif",
    ),
    ("ar", ARABIC_SENTENCE, None, "ARABIC", "Noto-Naskh-Arabic"),
    ("zh", "我们敦促你们立即无条件释放他。", "2016年12月10日", "CJK", "Noto-Serif-CJK-SC"),
    ("ja", "彼を直ちに釈放してください。", None, "CJK", "Noto-Serif-CJK-JP"),
    ("hi", "हम आपसे आग्रह करते हैं", None, "DEVANAGARI", "Noto-Serif-Devanagari"),
]


def notdef_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]


@pytest.mark.parametrize(("language", "sentence", "date", "script", "font"), SCRIPTS)
def test_letter_reads_back_in_its_script_and_font(
    settings: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    language: str,
    sentence: str,
    date: str | None,
    script: str,
    font: str,
) -> None:
    settings.PDF_CACHE_DIR = tmp_path
    body = f"{sentence}\n\nउन्हें तुरंत रिहा किया जाए।" if language == "hi" else sentence
    caplog.set_level(logging.WARNING, logger="weasyprint")

    pdf = letter_pdf(sample_letter(language=language, body=body))

    [text] = page_texts(pdf)
    assert sentence in text
    if date is not None:
        assert date in text  # the date is written the letter's way
    assert notdef_warnings(caplog) == []
    drawn = find_characters(page_characters(pdf), sentence)
    in_script = [c for c in drawn if unicodedata.name(c.character, "").startswith(script)]
    assert in_script
    wrong_font = {(c.character, c.font) for c in in_script if not c.font.endswith("+" + font)}
    assert wrong_font == set()


def test_a_missing_glyph_is_noticed(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The check above can fail: a character no font has is reported."""
    settings.PDF_CACHE_DIR = tmp_path
    caplog.set_level(logging.WARNING, logger="weasyprint")

    letter_pdf(sample_letter(body="A character from nowhere: \U0010fffd"))

    assert notdef_warnings(caplog) != []


def test_arabic_letters_join_and_read_right_to_left(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path

    pdf = letter_pdf(
        sample_letter(
            language="ar",
            recipient_address="1 Government Square\nCapital City",
            body=ARABIC_SENTENCE,
            signer_name="Amal Writer",
        )
    )

    # Shaped: ع takes a different glyph at the start (عنه), middle (بعد) and end (مع) of
    # a word; drawn letter by letter, it would have one.
    [arabic_font] = [m for m in glyphs_per_text(pdf) if "ن" in m]
    assert len(arabic_font["ع"]) >= 3
    # Right to left: the sentence starts at the right margin and its full stop is at the left.
    characters = page_characters(pdf)
    sentence = find_characters(characters, ARABIC_SENTENCE)
    assert sentence[0].right == pytest.approx(RIGHT_MARGIN, abs=5)
    assert sentence[-1].character == "."
    assert sentence[-1].right < min(c.left for c in sentence[:-1])
    # Latin lines in an Arabic letter read left to right, on the letter's side of the page.
    [text] = page_texts(pdf)
    assert "1 Government Square" in text
    assert "Amal Writer" in text
    signature = find_characters(characters, "Amal Writer")
    assert signature[-1].right == pytest.approx(RIGHT_MARGIN, abs=5)
    assert signature[0].left < signature[-1].left
