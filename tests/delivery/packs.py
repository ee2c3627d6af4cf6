"""Test building blocks for print packs: a pack's text read back, made plain to compare."""

from __future__ import annotations

import unicodedata

from tests.delivery.pdf_reading import page_texts
from writeathon.delivery.models import PrintPack


def plain(text: str) -> str:
    """Text to compare with what a PDF reader gives back: without whitespace (the page
    wraps lines where it likes) and without combining marks (the reader gives an Arabic
    tanween, ً, apart from the letter it sits on, out of order, with a space after it), and
    without mirrored characters (in right-to-left text it gives « as the » it draws)."""
    return "".join(
        c
        for c in text
        if unicodedata.category(c) != "Mn" and not c.isspace() and not unicodedata.mirrored(c)
    )


def pack_text(pack: PrintPack) -> str:
    """The whole text of a built pack, as a reader would copy it."""
    with pack.file.open("rb") as file:
        return plain("\n".join(page_texts(file.read())))
