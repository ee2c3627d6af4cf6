"""The PDF cache: the same content renders once; files are private, bounded and disposable."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.delivery.pdf_reading import page_texts, sample_letter
from writeathon.delivery import pdf
from writeathon.delivery.pdf import letter_pdf, letters_pdf, pdf_cache_clear


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML of every real rendering, in order."""
    rendered: list[str] = []
    render: Callable[[str], bytes] = pdf._render_pdf

    def spy(html: str) -> bytes:
        rendered.append(html)
        return render(html)

    monkeypatch.setattr(pdf, "_render_pdf", spy)
    return rendered


@pytest.fixture
def cache_dir(settings: Any, tmp_path: Path) -> Path:
    directory = tmp_path / "pdf-cache"
    settings.PDF_CACHE_DIR = directory
    return directory


def cached_files(directory: Path) -> list[Path]:
    return sorted(directory.iterdir())


def test_same_letter_twice_renders_once(cache_dir: Path, renders: list[str]) -> None:
    first = letter_pdf(sample_letter())
    second = letter_pdf(sample_letter())

    assert second == first
    assert len(renders) == 1
    [cached] = cached_files(cache_dir)
    assert cached.suffix == ".pdf"
    assert cached.read_bytes() == first
    # Letters hold personal data: only the service's user may read them.
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir.stat().st_mode) & 0o077 == 0


def test_other_content_renders_anew(cache_dir: Path, renders: list[str]) -> None:
    letter_pdf(sample_letter())
    other = letter_pdf(sample_letter(signer_name="Someone Else"))
    letters_pdf([sample_letter()])  # the same HTML as the first: from the cache

    assert len(renders) == 2
    assert "Someone Else" in page_texts(other)[0]
    assert len(cached_files(cache_dir)) == 2


def test_damaged_or_missing_file_renders_again(cache_dir: Path, renders: list[str]) -> None:
    original = letter_pdf(sample_letter())
    [cached] = cached_files(cache_dir)
    cached.write_bytes(original[: len(original) // 2])  # cut short, as by a full disk

    repaired = letter_pdf(sample_letter())
    cached.unlink()
    again = letter_pdf(sample_letter())

    assert len(renders) == 3
    assert page_texts(repaired) == page_texts(original)
    assert cached.read_bytes() == again
    assert page_texts(again) == page_texts(original)


def test_cache_keeps_at_most_the_configured_number_of_files(
    settings: Any, cache_dir: Path, renders: list[str]
) -> None:
    settings.PDF_CACHE_MAX_FILES = 2
    names = ["Ana", "Ben", "Chi"]
    for name in names:
        letter_pdf(sample_letter(signer_name=name))
        if name == "Ana":
            # Files are ordered by time; make the first clearly the oldest.
            [ana] = cached_files(cache_dir)
            os.utime(ana, (1, 1))

    assert len(cached_files(cache_dir)) == 2
    letter_pdf(sample_letter(signer_name="Chi"))  # still cached
    assert len(renders) == 3
    letter_pdf(sample_letter(signer_name="Ana"))  # was dropped: renders again
    assert len(renders) == 4
    assert len(cached_files(cache_dir)) == 2


def test_clear_removes_every_cached_file(cache_dir: Path, renders: list[str]) -> None:
    assert pdf_cache_clear() == 0  # nothing there yet, not even the directory
    letter_pdf(sample_letter(signer_name="Ana"))
    letter_pdf(sample_letter(signer_name="Ben"))

    assert pdf_cache_clear() == 2
    assert cached_files(cache_dir) == []
    letter_pdf(sample_letter(signer_name="Ana"))
    assert len(renders) == 3


def test_cache_lives_in_the_data_directory_by_default(settings: Any, tmp_path: Path) -> None:
    del settings.PDF_CACHE_DIR
    settings.DATA_DIR = tmp_path

    letter_pdf(sample_letter())

    assert len(cached_files(tmp_path / "pdf-cache")) == 1


def test_unwritable_cache_still_gives_the_pdf(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.PDF_CACHE_DIR = blocker / "pdf-cache"
    caplog.set_level(logging.WARNING, logger="writeathon.delivery.pdf")

    rendered = letter_pdf(sample_letter())

    assert "Amal Writer" in page_texts(rendered)[0]
    assert any("Could not cache" in record.getMessage() for record in caplog.records)
