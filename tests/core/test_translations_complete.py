"""The Spanish and Arabic catalogs are complete, well-formed, compiled, and used by the site.

The .po files are parsed with a tiny reader (no third-party dependency). Checks:
every string is translated (all plural forms), nothing is fuzzy, placeholders and HTML
tags survive translation, the committed .mo says what the .po says, the catalogs cover
every string in the sources (when gettext is installed), and the home page really
comes out in Spanish and Arabic.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

import writeathon
from writeathon.campaigns.models import Campaign

PACKAGE_DIR = Path(writeathon.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = ["es", "ar", "fr", "ru", "zh_Hans"]
# The language codes the site speaks, by catalog folder.
SITE_CODE = {"zh_Hans": "zh-hans"}

PLURAL_FORMS = {
    "fr": "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "ru": (
        "nplurals=4; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
        "(n % 100 < 12 || n % 100 > 14) ? 1 : n % 10 == 0 || (n % 10 >= 5 && n % 10 <= 9) || "
        "(n % 100 >= 11 && n % 100 <= 14)? 2 : 3);"
    ),
    "zh_Hans": "nplurals=1; plural=0;",
    "es": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 && n%100<=99 ? 4 : 5;"
    ),
}

# Python-format placeholders, as Django writes them into .po files: %(name)s, %(n)d, %%.
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Counts that reach every plural form of both languages, including "a million".
SAMPLE_COUNTS = [*range(0, 2000), 10**6, 2 * 10**6, 10**7]


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"line {self.line}: {context}{self.msgid!r}"


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), text
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], text[1:-1])


def po_parse(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """The header (as a dict) and the active entries of a .po file, skipping obsolete #~ ones."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal entry, target
        if target is not None:
            entries.append(entry)
        entry, target = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a keyword"
            keyword, index = target
            if keyword == "msgstr":
                assert index is not None
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, keyword, (getattr(entry, keyword) or "") + _unquote(line))
        else:
            keyword, _, value = line.partition(" ")
            if target is None:
                entry.line = number
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            if match:
                index = int(match.group(1) or 0)
                entry.msgstr[index] = _unquote(value)
                target = ("msgstr", index)
            else:
                assert keyword in {"msgid", "msgid_plural", "msgctxt"}, f"{path}:{number}"
                setattr(entry, keyword, _unquote(value))
                target = (keyword, None)
    finish()

    headers = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(headers) == 1, f"{path}: expected one header entry"
    header = {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in headers[0].msgstr[0].splitlines())
    }
    return header, [e for e in entries if e is not headers[0]]


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def plural_function(header: dict[str, str]) -> tuple[int, Callable[[int], int]]:
    match = re.fullmatch(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?", header["Plural-Forms"])
    assert match, header["Plural-Forms"]
    return int(match.group(1)), gettext.c2py(match.group(2))


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))


def named_placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text) if m.group("name") is not None}


class _AnyValue(dict[str, int]):
    def __missing__(self, key: str) -> int:
        return 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_names_the_language_utf8_and_its_plural_rule(language: str) -> None:
    header, _ = po_parse(po_path(language))

    assert header["Language"] == language
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    normalise = "".join
    assert normalise(header["Plural-Forms"].split()) == normalise(PLURAL_FORMS[language].split())
    flags = re.findall(r"^#,.*$", po_path(language).read_text(encoding="utf-8"), re.MULTILINE)
    assert not [line for line in flags if "fuzzy" in line]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_nothing_is_fuzzy(language: str) -> None:
    header, entries = po_parse(po_path(language))
    nplurals, _ = plural_function(header)

    assert len(entries) > 200, "the catalog looks truncated"
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry}")
        expected_forms = set(range(nplurals)) if entry.msgid_plural is not None else {0}
        if set(entry.msgstr) != expected_forms:
            problems.append(
                f"forms {sorted(entry.msgstr)} instead of {sorted(expected_forms)}: {entry}"
            )
        problems += [
            f"empty msgstr[{i}]: {entry}" for i, s in entry.msgstr.items() if not s.strip()
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_html_tags_survive_translation(language: str) -> None:
    header, entries = po_parse(po_path(language))
    _, plural = plural_function(header)
    # A plural form chosen by a single count (Arabic "one", "two", "zero") may say the number
    # in words and leave the count placeholder out, as msgfmt --check-format allows.
    counts_per_form: dict[int, int] = {}
    for n in SAMPLE_COUNTS:
        counts_per_form[plural(n)] = counts_per_form.get(plural(n), 0) + 1

    problems = []
    for entry in entries:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural is not None else [])
        allowed = set().union(*(named_placeholders(s) for s in sources))
        tags = sorted(HTML_TAG.findall(sources[-1]))
        for index, text in entry.msgstr.items():
            found = named_placeholders(text)
            if entry.msgid_plural is None:
                if placeholders(text) != placeholders(entry.msgid):
                    problems.append(f"placeholders {placeholders(text)} in {text!r}: {entry}")
            elif not found <= allowed:
                problems.append(f"unknown placeholders {found - allowed} in {text!r}: {entry}")
            elif counts_per_form.get(index, 0) > 1 and not allowed <= found:
                problems.append(f"missing {allowed - found} in msgstr[{index}] {text!r}: {entry}")
            if "python-format" in entry.flags:
                try:
                    text % _AnyValue()
                except (ValueError, TypeError, KeyError) as error:
                    problems.append(f"msgstr[{index}] {text!r} does not format ({error}): {entry}")
            if sorted(HTML_TAG.findall(text)) != tags:
                problems.append(f"HTML tags differ in {text!r}: {entry}")
        if entry.msgid_plural is not None:
            used = set().union(*(named_placeholders(t) for t in entry.msgstr.values()))
            if used != allowed:
                problems.append(f"no form uses {allowed - used}: {entry}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_says_what_the_po_says(language: str) -> None:
    header, entries = po_parse(po_path(language))
    mo_path = po_path(language).with_suffix(".mo")
    with mo_path.open("rb") as mo_file:
        catalog = gettext.GNUTranslations(mo_file)

    info = catalog.info()
    assert info["language"] == language
    assert "".join(info["plural-forms"].split()) == "".join(header["Plural-Forms"].split())
    _, plural = plural_function(header)
    count_for_form: dict[int, int] = {}
    for n in SAMPLE_COUNTS:
        count_for_form.setdefault(plural(n), n)

    stale = []
    for entry in entries:
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                got = catalog.gettext(entry.msgid)
            else:
                got = catalog.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr[0]:
                stale.append(f"{entry}: .mo has {got!r}")
            continue
        for index, text in entry.msgstr.items():
            if index not in count_for_form:
                continue  # a form no whole number reaches (Russian's, for fractions)
            n = count_for_form[index]
            if entry.msgctxt is None:
                got = catalog.ngettext(entry.msgid, entry.msgid_plural, n)
            else:
                got = catalog.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            if got != text:
                stale.append(f"{entry} (n={n}): .mo has {got!r}")
    assert not stale, "Run `django-admin compilemessages`:\n" + "\n".join(stale)


@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_accepts_the_catalog(language: str, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")

    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(po_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_catalogs_cover_every_string_in_the_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """makemessages on a copy of the package finds no string that the catalogs lack."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed")
    copy = tmp_path / "writeathon"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)

    with override_settings(LOCALE_PATHS=[]):
        call_command(
            "makemessages",
            locale=LANGUAGES,
            no_location=True,
            verbosity=0,
            stdout=StringIO(),
            stderr=StringIO(),
        )

    for language in LANGUAGES:
        _, committed = po_parse(po_path(language))
        _, fresh = po_parse(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        committed_keys = {e.key for e in committed}
        new = [str(e) for e in fresh if e.key not in committed_keys]
        gone = sorted({e.key for e in committed} - {e.key for e in fresh}, key=str)
        assert not new, f"{language}: strings to translate (run makemessages):\n" + "\n".join(new)
        assert not gone, f"{language}: strings no longer in the sources: {gone}"


HOME_HTML_ATTRIBUTES = {
    "es": 'lang="es" dir="ltr"',
    "ar": 'lang="ar" dir="rtl"',
    "fr": 'lang="fr" dir="ltr"',
    "ru": 'lang="ru" dir="ltr"',
    "zh_Hans": 'lang="zh-hans" dir="ltr"',
}
HOME_STRINGS = {
    "fr": ["Aller au contenu", "Choisissez un cas et écrivez", "Année après année"],
    "ru": ["Перейти к содержимому", "Выберите дело и напишите", "Год за годом"],
    "zh_Hans": ["跳到主要内容", "选择一个案例并写信", "年复一年"],
    "es": [
        "Saltar al contenido",
        "Acciones hasta ahora",
        "Elige un caso y escribe",
        "Las personas por las que escribimos",
        "Preso de conciencia",
        "Juicio injusto",
        "Año tras año",
    ],
    "ar": [
        "انتقل إلى المحتوى",
        "التحرّكات حتى الآن",
        "اختر قضية واكتب",
        "الأشخاص الذين نكتب من أجلهم",
        "سجين رأي",
        "محاكمة جائرة",
        "عامًا بعد عام",
    ],
}
ENGLISH_ON_HOME = [
    "Skip to content",
    "Actions taken so far",
    "Choose a case and write",
    "The people we write for",
    "Prisoner of conscience",
    "Unfair trial",
    "Year after year",
    "Every letter, email and signature",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_is_translated(client: Client, campaign: Campaign, language: str) -> None:
    code = SITE_CODE.get(language, language)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=code)

    assert response.status_code == 200
    assert response["Content-Language"] == code
    html = response.content.decode()
    assert HOME_HTML_ATTRIBUTES[language] in html
    missing = [s for s in HOME_STRINGS[language] if s not in html]
    assert not missing, f"not on the {language} home page: {missing}"
    leftover = [s for s in ENGLISH_ON_HOME if s in html]
    assert not leftover, f"still in English on the {language} home page: {leftover}"
