"""Reading rendered PDFs back: text per page, where characters sit, which fonts drew them."""

from __future__ import annotations

import ctypes
import datetime
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from writeathon.delivery.pdf import Letter


def sample_letter(**fields: object) -> Letter:
    values: dict[str, object] = {
        "language": "en",
        "recipient_name": "Minister of the Interior",
        "recipient_title": "Ministry of the Interior",
        "recipient_address": "1 Government Square\nCapital City",
        "subject": "Release Shawkan",
        "body": "Dear Minister,\n\nPlease release Shawkan now: journalism is not a crime.",
        "signer_name": "Amal Writer",
        "signer_country": "Kenya",
        "date": datetime.date(2016, 12, 10),
    }
    values.update(fields)
    return Letter(**values)  # type: ignore[arg-type]


@contextmanager
def open_pdf(data: bytes) -> Iterator[pdfium.PdfDocument]:
    document = pdfium.PdfDocument(data)
    try:
        yield document
    finally:
        document.close()


def page_texts(data: bytes) -> list[str]:
    """The text of each page, lines joined with "\\n"."""
    texts = []
    with open_pdf(data) as document:
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
    return texts


@dataclass(frozen=True)
class PlacedCharacter:
    character: str
    font: str  # the PDF's font name, e.g. "CXBVDS+Noto-Naskh-Arabic"
    left: float
    bottom: float
    right: float
    top: float


def page_characters(data: bytes, page_index: int = 0) -> list[PlacedCharacter]:
    """Every character of a page, in pdfium's reading order, with its font and box."""
    characters = []
    with open_pdf(data) as document:
        page = document[page_index]
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            size = pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, None, 0, None)
            name = ctypes.create_string_buffer(max(size, 1))
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, index, name, size, None)
            left, bottom, right, top = textpage.get_charbox(index)
            characters.append(
                PlacedCharacter(
                    character=chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)),
                    font=name.value.decode(errors="replace"),
                    left=left,
                    bottom=bottom,
                    right=right,
                    top=top,
                )
            )
        textpage.close()
        page.close()
    return characters


def find_characters(characters: list[PlacedCharacter], text: str) -> list[PlacedCharacter]:
    """The characters of the first occurrence of `text` (pdfium's order, spaces included)."""
    joined = "".join(placed.character for placed in characters)
    start = joined.index(text)
    return characters[start : start + len(text)]


def image_count(data: bytes) -> int:
    with open_pdf(data) as document:
        count = 0
        for page in document:
            count += len(list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))))
            page.close()
        return count


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_BFCHAR = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def glyphs_per_text(data: bytes) -> list[dict[str, set[int]]]:
    """For each font's ToUnicode map: the glyph ids that stand for each piece of text.

    A shaped Arabic letter has several glyphs (initial, medial, final forms) that all map
    back to the same character; unshaped text has one glyph per character.
    """
    maps = []
    for match in _STREAM.finditer(data):
        try:
            stream = zlib.decompress(match.group(1)).decode("latin-1")
        except zlib.error:
            continue
        if "beginbfchar" not in stream:
            continue
        glyphs: dict[str, set[int]] = {}
        for glyph, text in _BFCHAR.findall(stream.split("beginbfchar", 1)[1]):
            decoded = bytes.fromhex(text).decode("utf-16-be") if text else ""
            glyphs.setdefault(decoded, set()).add(int(glyph, 16))
        maps.append(glyphs)
    return maps
