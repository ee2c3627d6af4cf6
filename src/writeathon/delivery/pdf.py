"""Letters, print runs and solidarity cards as PDF, in every script the campaign writes in.

HTML comes from Django templates (autoescaped: supporters' text is never markup) and is
laid out by WeasyPrint with the system's Noto fonts. Nothing is ever fetched: the URL
fetcher refuses everything but data: URIs and there is no base URL.

Rendering takes from tens of milliseconds to seconds (long runs, fonts subset each time), so
PDFs are cached as files keyed by the hash of the final HTML: the same letter renders once
however often it is printed or attached.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import importlib.metadata
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

# Part of every cache key: bump it when templates or rendering change in a way that must not
# reuse old files. A WeasyPrint upgrade changes it by itself.
PDF_CACHE_VERSION = f"1/weasyprint-{importlib.metadata.version('weasyprint')}"
PDF_CACHE_MAX_FILES_DEFAULT = 2000

# Languages written right to left (primary subtags).
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})

# Django has no locale called plain "zh": dates and labels come from its Chinese variants.
_DJANGO_LANGUAGE_ALIASES = {
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh-tw": "zh-hant",
    "zh-hk": "zh-hant",
    "zh-mo": "zh-hant",
}
_LANGUAGE_CODE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# Type sizes of a solidarity card (see style.css): half-width characters to a line (Noto
# Serif averages about half an em) and lines to a card, both rounded down for safety.
_CARD_TYPE_SIZES = (("large", 55, 12), ("medium", 66, 15), ("small", 80, 19), ("smallest", 92, 24))
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\u00a0]*\n\s*")
# Control characters other than tab and newline have no glyph and print as boxes.
_CONTROL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# The script each language is written in (primary subtags); any other language is taken to
# be written in Latin letters. Used to tell whether a letter's declared language, which is
# the writer's interface language, is the language the letter is written in.
_LANGUAGE_SCRIPTS: dict[str, str] = {
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ckb", "sd", "ug", "arc", "dv"), "ARABIC"),
    **dict.fromkeys(("he", "yi"), "HEBREW"),
    **dict.fromkeys(
        ("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba", "cv"), "CYRILLIC"
    ),
    "el": "GREEK",
    "hy": "ARMENIAN",
    "ka": "GEORGIAN",
    **dict.fromkeys(("zh", "ja"), "CJK"),
    "ko": "HANGUL",
    **dict.fromkeys(("hi", "mr", "ne", "sa"), "DEVANAGARI"),
    "bn": "BENGALI",
    "ta": "TAMIL",
    "th": "THAI",
    "km": "KHMER",
    "my": "MYANMAR",
    "am": "ETHIOPIC",
}
# The language a letter in a script is laid out in when its declared language is written
# in another script: dates, the country's name and the direction then follow the letter.
_SCRIPT_LANGUAGES: dict[str, str] = {
    "ARABIC": "ar",
    "HEBREW": "he",
    "CYRILLIC": "ru",
    "GREEK": "el",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "CJK": "zh",
    "HANGUL": "ko",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "THAI": "th",
    "KHMER": "km",
    "MYANMAR": "my",
    "ETHIOPIC": "am",
    "LATIN": "en",
}
# Unicode character names that start with another word than their script's.
_SCRIPT_NAME_ALIASES = {"HIRAGANA": "CJK", "KATAKANA": "CJK"}
_KANA = ("HIRAGANA", "KATAKANA")


def _script_of(character: str) -> str:
    """The script of a letter, from its Unicode name ("CYRILLIC SMALL LETTER A")."""
    if not character.isalpha():
        return ""
    first = unicodedata.name(character, "").split(" ", 1)[0]
    return _SCRIPT_NAME_ALIASES.get(first, first)


def text_script(text: str) -> str:
    """The script most letters of `text` are written in ("" when it has no letters)."""
    counts: dict[str, int] = {}
    for character in text:
        script = _script_of(character)
        if script:
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda script: counts[script]) if counts else ""


def text_language(declared: str, text: str) -> str:
    """The language to lay out `text` in: `declared` when it is written in the script of the
    text (or the text has no letters), else the main language of the text's script.

    The language stored with an action is the interface the writer used, which is not
    always the language they wrote in: a Russian letter written from the Arabic pages is
    laid out left to right, dated in Russian. Among languages of one script the declared
    one is kept (a Spanish letter from the English pages stays English in its layout), and
    a script without a language of its own here keeps the declared language.
    """
    script = text_script(text)
    primary = (declared or "").replace("_", "-").split("-")[0].lower()
    if not script or _LANGUAGE_SCRIPTS.get(primary, "LATIN") == script:
        return declared
    if script == "CJK" and any(unicodedata.name(c, "").startswith(_KANA) for c in text):
        return "ja"  # kana are Japanese only
    return _SCRIPT_LANGUAGES.get(script, declared)


@dataclass(frozen=True)
class Letter:
    language: str
    recipient_name: str
    recipient_title: str
    recipient_address: str  # multi-line postal address ("" for email/fax)
    subject: str
    body: str  # plain text; paragraphs separated by blank lines
    signer_name: str
    signer_country: str  # may be ""
    date: datetime.date


@dataclass(frozen=True)
class CoverSheet:
    title: str
    recipient_name: str
    recipient_title: str
    recipient_address: str  # multi-line, printed where a window envelope shows it
    count: int  # number of letters or cards that follow
    note: str  # one line, e.g. "Print run 12, 2016-12-10"
    language: str = "en"


@dataclass(frozen=True)
class SolidarityCard:
    language: str
    case_name: str
    message: str
    signer_name: str
    signer_country: str


@dataclass(frozen=True)
class PetitionSigner:
    name: str  # the signer's name, or the word for "Signed" when it is not to be shown
    country: str  # the country's name, may be ""


@dataclass(frozen=True)
class Petition:
    """A case's petition as handed to an official: a cover letter with what it asks and
    how many signed, then the list of signers."""

    language: str
    title: str
    recipient_name: str
    recipient_title: str
    recipient_address: str  # multi-line postal address, may be ""
    ask: str  # plain text; paragraphs separated by blank lines
    count_line: str  # "1,204 people signed this petition up to 10 December 2016."
    date: datetime.date
    signers: Sequence[PetitionSigner]
    heading_name: str  # column headings of the list, in the petition's language
    heading_country: str


def petition_pdf(petition: Petition) -> bytes:
    """The cover letter on its own page, then the signers in numbered rows."""
    language = _language(petition.language)
    default = language.direction
    part = _render(
        "delivery/pdf/petition.html",
        {
            "date": petition.date,
            "recipient": [
                _line(petition.recipient_name, default),
                _line(petition.recipient_title, default),
                *_lines(petition.recipient_address, default),
            ],
            "title": _line(petition.title, default),
            "paragraphs": _paragraphs(petition.ask, default),
            "count_line": _line(petition.count_line, default),
            "heading_name": petition.heading_name,
            "heading_country": petition.heading_country,
            "signers": [
                (_line(signer.name, default), _line(signer.country, default))
                for signer in petition.signers
            ],
        },
        language,
    )
    return _pdf_from_parts([part], language=petition.language, title=petition.title)


def letter_pdf(letter: Letter) -> bytes:
    """One letter, starting on an A4 page (longer letters run on)."""
    return letters_pdf([letter])


def letters_pdf(letters: Sequence[Letter], *, cover: CoverSheet | None = None) -> bytes:
    """A print run or digest attachment: the cover sheet, then each letter on a new page."""
    parts: list[SafeString] = []
    if cover is not None:
        parts.append(_cover_html(cover, kind="letters"))
    parts.extend(_letter_html(letter) for letter in letters)
    language = cover.language if cover is not None else letters[0].language if letters else ""
    title = cover.title if cover is not None else letters[0].subject if letters else ""
    return _pdf_from_parts(parts, language=language, title=title)


def cards_pdf(cards: Sequence[SolidarityCard], *, cover: CoverSheet | None = None) -> bytes:
    """Solidarity cards, two A5 cards to an A4 sheet with a line to cut along."""
    parts: list[SafeString] = []
    if cover is not None:
        parts.append(_cover_html(cover, kind="cards"))
    for index in range(0, len(cards), 2):
        sheet = [_card_html(card) for card in cards[index : index + 2]]
        parts.append(render_to_string("delivery/pdf/card_sheet.html", {"cards": sheet}))
    language = cover.language if cover is not None else cards[0].language if cards else ""
    title = cover.title if cover is not None else cards[0].case_name if cards else ""
    return _pdf_from_parts(parts, language=language, title=title)


def pdf_cache_clear() -> int:
    """Remove every cached PDF (and any half-written one); return how many files went."""
    directory = _cache_dir()
    removed = 0
    try:
        entries = list(directory.iterdir())
    except FileNotFoundError:
        return 0
    for path in entries:
        if path.suffix in {".pdf", ".tmp"}:
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            removed += 1
    return removed


# --- HTML -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Language:
    code: str  # for the lang attribute (BCP 47)
    django: str  # for translation.override
    direction: str  # "ltr" or "rtl"


def _language(code: str) -> _Language:
    """What a language code means for the page; an unusable code counts as the site's."""
    if not _LANGUAGE_CODE_RE.match(code or ""):
        code = settings.LANGUAGE_CODE
    tag = code.replace("_", "-")
    primary = tag.split("-")[0].lower()
    return _Language(
        code=tag,
        django=_DJANGO_LANGUAGE_ALIASES.get(tag.lower(), tag.lower()),
        direction="rtl" if primary in RTL_LANGUAGES else "ltr",
    )


def django_language(code: str) -> str:
    """The Django locale to write dates and names in for a language code."""
    return _language(code).django


def _render(template: str, context: dict[str, Any], language: _Language) -> SafeString:
    with translation.override(language.django):
        return render_to_string(template, {**context, "lang": language})


@dataclass(frozen=True)
class _Text:
    """A piece of a supporter's text and the direction it is written in."""

    text: str
    direction: str


def _direction(text: str, default: str) -> str:
    """The direction of the first strongly directional character, as HTML's dir="auto"."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in {"R", "AL"}:
            return "rtl"
    return default


def _plain(text: str) -> str:
    """Text with one kind of line break and no control characters, trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARACTERS_RE.sub("", text).strip()


def _paragraphs(text: str, default: str) -> list[_Text]:
    """Paragraphs of plain text: split at blank lines; single line breaks stay in them.

    Each paragraph takes its own direction, so an English paragraph in an Arabic letter
    reads left to right, as a browser shows it with dir="auto".
    """
    return [
        _Text(paragraph, _direction(paragraph, default))
        for paragraph in _PARAGRAPH_BREAK_RE.split(_plain(text))
        if paragraph.strip()
    ]


def _lines(text: str, default: str) -> list[_Text]:
    """The non-empty lines of an address, each in its own direction."""
    lines = (line.strip() for line in _plain(text).split("\n"))
    return [_Text(line, _direction(line, default)) for line in lines if line]


def _line(text: str, default: str) -> _Text:
    text = " ".join(_plain(text).split())
    return _Text(text, _direction(text, default))


def _letter_html(letter: Letter) -> SafeString:
    language = _language(letter.language)
    default = language.direction
    return _render(
        "delivery/pdf/letter.html",
        {
            "date": letter.date,
            "recipient": [
                _line(letter.recipient_name, default),
                _line(letter.recipient_title, default),
                *_lines(letter.recipient_address, default),
            ],
            "subject": _line(letter.subject, default),
            "paragraphs": _paragraphs(letter.body, default),
            "signature": [
                _line(letter.signer_name, default),
                _line(letter.signer_country, default),
            ],
        },
        language,
    )


def _card_html(card: SolidarityCard) -> SafeString:
    language = _language(card.language)
    default = language.direction
    size, paragraphs = _card_fit(_paragraphs(card.message, default))
    return _render(
        "delivery/pdf/card.html",
        {
            "case_name": _line(card.case_name, default),
            "paragraphs": paragraphs,
            "signature": [_line(card.signer_name, default), _line(card.signer_country, default)],
            "size": size,
        },
        language,
    )


def _card_lines(paragraphs: list[_Text], width: int) -> float:
    """About how many lines the paragraphs take, `width` half-width characters to a line."""
    lines = 0.0
    for paragraph in paragraphs:
        for line in paragraph.text.split("\n"):
            units = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
            lines += max(1, -(-units // width))
        lines += 0.5  # the space after a paragraph
    return lines


def _card_fit(paragraphs: list[_Text]) -> tuple[str, list[_Text]]:
    """The largest type a card's message fits in, and the message as printed.

    A card is half an A4 sheet and cannot run on. A message too long for the smallest type
    as written loses its line breaks, then its paragraph breaks: a message as long as the
    form allows (1,000 characters, even Chinese) then fits.
    """
    joined_lines = [_Text(" ".join(p.text.split("\n")), p.direction) for p in paragraphs]
    one_paragraph = (
        [_Text(" ".join(p.text for p in joined_lines), paragraphs[0].direction)]
        if paragraphs
        else []
    )
    for candidate in (paragraphs, joined_lines, one_paragraph):
        for size, width, lines in _CARD_TYPE_SIZES:
            if _card_lines(candidate, width) <= lines:
                return size, candidate
    return _CARD_TYPE_SIZES[-1][0], one_paragraph


def _cover_html(cover: CoverSheet, *, kind: str) -> SafeString:
    language = _language(cover.language)
    default = language.direction
    with translation.override(language.django):
        if kind == "cards":
            count = ngettext(
                "%(count)d solidarity card", "%(count)d solidarity cards", cover.count
            ) % {"count": cover.count}
        else:
            count = ngettext("%(count)d letter", "%(count)d letters", cover.count) % {
                "count": cover.count
            }
    return _render(
        "delivery/pdf/cover.html",
        {
            "title": _line(cover.title, default),
            "recipient": [
                _line(cover.recipient_name, default),
                _line(cover.recipient_title, default),
                *_lines(cover.recipient_address, default),
            ],
            # Its own direction: a label not yet translated reads left to right.
            "count": _line(count, default),
            "note": _line(cover.note, default),
        },
        language,
    )


def _document_html(
    parts: Iterable[SafeString], *, language: str, title: str, pack: bool = False
) -> str:
    return _render(
        "delivery/pdf/document.html",
        {"parts": list(parts), "title": title, "pack": pack},
        _language(language),
    )


# --- Parts of a print pack (delivery/packs.py) -------------------------------------------------


def pack_part_html(template: str, context: dict[str, Any], *, language: str) -> SafeString:
    """One part of a print pack, rendered in `language` (its direction set on the part)."""
    return _render(template, context, _language(language))


def pack_line(text: str, *, language: str) -> _Text:
    """One line of text in its own direction (a Latin name on an Arabic page)."""
    return _line(text, _language(language).direction)


def pack_lines(text: str, *, language: str) -> list[_Text]:
    """The lines of an address, each in its own direction."""
    return _lines(text, _language(language).direction)


def pack_paragraphs(text: str, *, language: str) -> list[_Text]:
    """Paragraphs of plain text, each in its own direction."""
    return _paragraphs(text, _language(language).direction)


def pack_pdf(parts: Sequence[SafeString], *, language: str, title: str) -> bytes:
    """Parts of a print pack as one PDF, through the same cache as every other PDF."""
    return _cached_pdf(_document_html(parts, language=language, title=title, pack=True))


# --- PDF and its cache ------------------------------------------------------------------------


@functools.cache
def _pdf_renderer() -> Callable[[str], bytes]:
    """WeasyPrint, imported on first use: processes that never print never load Pango."""
    # fontTools reports every font it subsets at INFO and WeasyPrint every rendering step
    # (from import on): noise in the worker's log. Loggers the deployment's LOGGING sets
    # itself are left alone.
    for name in ("fontTools", "weasyprint.progress"):
        if logging.getLogger(name).level == logging.NOTSET:
            logging.getLogger(name).setLevel(logging.WARNING)

    import weasyprint

    class OfflineURLFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
        """Fetches data: URIs and nothing else: no network, no local files."""

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if not url.lower().startswith("data:"):
                # WeasyPrint logs the refusal, leaves the resource out and goes on.
                raise ValueError(f"PDF rendering fetches nothing: {url[:200]}")
            return super().fetch(url, headers)

    def render(html: str) -> bytes:
        fetcher = OfflineURLFetcher(
            allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False
        )
        document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
        pdf: bytes = document.write_pdf()
        return pdf

    return render


def _render_pdf(html: str) -> bytes:
    """Lay out the HTML as a PDF. Slow: callers go through the cache."""
    return _pdf_renderer()(html)


def _pdf_from_parts(parts: Iterable[SafeString], *, language: str, title: str) -> bytes:
    return _cached_pdf(_document_html(parts, language=language, title=title))


def _cache_dir() -> Path:
    directory = getattr(settings, "PDF_CACHE_DIR", None)
    return Path(directory) if directory else Path(settings.DATA_DIR) / "pdf-cache"


def _cache_key(html: str) -> str:
    return hashlib.sha256(f"{PDF_CACHE_VERSION}\0{html}".encode()).hexdigest()


def _cached_pdf(html: str) -> bytes:
    directory = _cache_dir()
    path = directory / f"{_cache_key(html)}.pdf"
    cached = _cache_read(path)
    if cached is not None:
        return cached
    pdf = _render_pdf(html)
    _cache_write(directory, path, pdf)
    return pdf


def _cache_read(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        logger.warning("Could not read cached PDF %s; rendering again", path, exc_info=True)
        return None
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        logger.warning("Cached PDF %s is damaged; rendering again", path)
        return None
    with contextlib.suppress(OSError):
        # Most recently used files are the last to be pruned.
        os.utime(path)
    return data


def _cache_write(directory: Path, path: Path, pdf: bytes) -> None:
    """Store a PDF atomically, readable by this user only; never fails the caller."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkstemp creates the file with mode 0600.
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pdf)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        logger.warning("Could not cache a PDF in %s", directory, exc_info=True)
        return
    _cache_prune(directory)


def _cache_prune(directory: Path) -> None:
    """Keep at most PDF_CACHE_MAX_FILES files: the least recently used go first."""
    limit = int(getattr(settings, "PDF_CACHE_MAX_FILES", PDF_CACHE_MAX_FILES_DEFAULT))
    try:
        paths = list(directory.glob("*.pdf"))
    except OSError:
        return
    if len(paths) <= limit:
        return
    dated: list[tuple[float, Path]] = []
    for path in paths:
        try:
            dated.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            continue  # another process pruned it meanwhile
    dated.sort()
    for _mtime, path in dated[: max(len(dated) - limit, 0)]:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            logger.warning("Could not remove cached PDF %s", path, exc_info=True)
