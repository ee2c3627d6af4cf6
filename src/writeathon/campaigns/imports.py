"""Reading cases and officials from a CSV file or an Excel workbook, row by row, into a plan
that says what each row would do (create, change, leave as it is) and what is wrong with
the rows that cannot be taken, in plain words. Writing the plan is campaign_import_apply's
business (services), all or nothing.

A case is known by its slug within the campaign, an official by its case and name: the
same file imported twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from writeathon.campaigns.models import Campaign, Case, Target

IMPORT_KINDS = [
    ("cases", gettext_lazy("Cases")),
    ("officials", gettext_lazy("Officials (targets)")),
]

# More rows than this is not a campaign's cases or officials but a mistake.
IMPORT_MAX_ROWS = 5000

CASE_COLUMNS = ["slug", "name", "country", "category", "sms_keyword", "position", "photo_alt"]
CASE_REQUIRED = ["slug", "name", "country", "category"]
OFFICIAL_COLUMNS = [
    "case_slug",
    "name",
    "title",
    "language",
    "office",
    "postal_address",
    "email",
    "fax",
    "social_handle",
    "email_policy",
    "position",
]
OFFICIAL_REQUIRED = ["case_slug", "name", "title", "language"]
COLUMNS = {"cases": CASE_COLUMNS, "officials": OFFICIAL_COLUMNS}
REQUIRED = {"cases": CASE_REQUIRED, "officials": OFFICIAL_REQUIRED}

# What a spreadsheet would run as a formula. A phone number (+44 20 ...) is let through.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE_LIKE = re.compile(r"[+\-][\d\s().\-/]+")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class PlannedRow:
    row: int
    key: str
    action: str  # "create", "update" or "unchanged"
    values: dict[str, Any]
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    kind: str
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


# --- Reading the file ----------------------------------------------------------------------------


def _header(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())


def _csv_rows(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (it stops making sense at byte %(at)d). In your "
                "spreadsheet, save it as “CSV UTF-8”, or upload the .xlsx workbook itself."
            )
            % {"at": exc.start}
        ) from None
    if "\x00" in text:
        raise ImportFileError(_("The file holds binary data, not text. Choose a CSV file."))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(
            _("The file is not an Excel workbook that can be read. Save it again as .xlsx.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows():
            row: list[Any] = []
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    row.append(_Formula(str(cell.value)))
                else:
                    row.append(cell.value)
            yield row
    finally:
        workbook.close()


class _Formula(str):
    """A workbook cell that holds a formula: refused, whatever it would compute."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def import_rows(*, content: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header and the numbered rows of a CSV or XLSX file (blank rows left out)."""
    reader = _xlsx_rows(content) if filename.lower().endswith(".xlsx") else _csv_rows(content)
    header: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, row in enumerate(reader, start=1):
            if header is None:
                header = [_header(value) for value in row]
                continue
            if all(_cell_text(value) == "" for value in row):
                continue
            if len(rows) >= IMPORT_MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(n)d rows. Split it into smaller files.")
                    % {"n": IMPORT_MAX_ROWS}
                )
            rows.append((number, row))
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s.") % {"error": exc}
        ) from None
    if header is None or not any(header):
        raise ImportFileError(_("The file is empty: its first row must name the columns."))
    return header, rows


def _check_columns(kind: str, header: list[str]) -> None:
    known = COLUMNS[kind]
    named = [h for h in header if h]
    unknown = [h for h in named if h not in known]
    missing = [c for c in REQUIRED[kind] if c not in named]
    repeated = sorted({h for h in named if named.count(h) > 1})
    problems = []
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if repeated:
        problems.append(_("Columns named twice: %(names)s.") % {"names": ", ".join(repeated)})
    if problems:
        problems.append(
            _("The first row must name these columns: %(names)s.") % {"names": ", ".join(known)}
        )
        raise ImportFileError(" ".join(problems))


# --- Checking each row ---------------------------------------------------------------------------


def _values(
    header: list[str], row: list[Any], number: int, errors: list[RowError]
) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        raw = row[index] if index < len(row) else None
        if isinstance(raw, _Formula):
            errors.append(
                RowError(
                    number,
                    name,
                    _("This cell holds a formula. Type the value itself instead."),
                )
            )
            continue
        text = _cell_text(raw)
        if text.startswith(_FORMULA_START) and not _PHONE_LIKE.fullmatch(text):
            errors.append(
                RowError(
                    number,
                    name,
                    _(
                        "This cell starts with “%(sign)s”, which spreadsheets run as a "
                        "formula. Remove the sign or put the text in other words."
                    )
                    % {"sign": text[0].strip() or _("a tab")},
                )
            )
            continue
        values[name] = text
    return values


def _model_errors(
    exc: ValidationError, number: int, fields: dict[str, str], errors: list[RowError]
) -> None:
    for name, messages in exc.message_dict.items():
        column = fields.get(name, name)
        for message in messages:
            errors.append(RowError(number, column, message))


def _int(values: dict[str, str], name: str, number: int, errors: list[RowError]) -> int | None:
    text = values.get(name, "")
    if text == "":
        return None
    if not text.isdigit() or int(text) > 32767:
        errors.append(RowError(number, name, _("Give a whole number from 0 to 32767.")))
        return None
    return int(text)


def _changes(obj: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


def _plan_cases(
    campaign: Campaign, header: list[str], rows: list[tuple[int, list[Any]]], plan: ImportPlan
) -> None:
    existing = {case.slug: case for case in Case.objects.filter(campaign=campaign)}
    seen: dict[str, int] = {}
    categories = {value for value, _label in Case.Category.choices}
    for number, row in rows:
        errors: list[RowError] = []
        values = _values(header, row, number, errors)
        slug = values.get("slug", "")
        if slug in seen:
            errors.append(
                RowError(number, "slug", _("Row %(row)d has the same slug.") % {"row": seen[slug]})
            )
        seen.setdefault(slug, number)
        category = values.get("category", "").lower().replace(" ", "_")
        if category and category not in categories:
            errors.append(
                RowError(
                    number,
                    "category",
                    _("Unknown category “%(value)s”. Use one of: %(choices)s.")
                    % {"value": values["category"], "choices": ", ".join(sorted(categories))},
                )
            )
        wanted: dict[str, Any] = {
            "name": values.get("name", ""),
            "country": values.get("country", "").upper(),
            "category": category,
        }
        for optional in ("sms_keyword", "photo_alt"):
            if optional in values:
                wanted[optional] = values[optional]
        position = _int(values, "position", number, errors)
        if position is not None:
            wanted["position"] = position
        case = existing.get(slug) or Case(campaign=campaign, slug=slug)
        candidate = Case(
            pk=case.pk,
            campaign=campaign,
            slug=slug,
            **{
                f.name: getattr(case, f.name)
                for f in Case._meta.concrete_fields
                if f.name not in ("id", "campaign", "slug")
            },
        )
        for name, value in wanted.items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=["campaign", "photo"], validate_unique=False)
        except ValidationError as exc:
            _model_errors(exc, number, {}, errors)
        if errors:
            plan.errors.extend(errors)
            continue
        wanted["sms_keyword"] = candidate.sms_keyword  # as clean() wrote it
        if "sms_keyword" not in values:
            wanted.pop("sms_keyword")
        if case.pk is None:
            plan.rows.append(PlannedRow(number, slug, "create", wanted))
        else:
            changes = _changes(case, wanted)
            plan.rows.append(
                PlannedRow(number, slug, "update" if changes else "unchanged", wanted, changes)
            )


def _plan_officials(
    campaign: Campaign, header: list[str], rows: list[tuple[int, list[Any]]], plan: ImportPlan
) -> None:
    cases = {case.slug: case for case in Case.objects.filter(campaign=campaign)}
    existing = {
        (target.case_id, target.name): target
        for target in Target.objects.filter(case__campaign=campaign)
    }
    seen: dict[tuple[str, str], int] = {}
    policies = {value for value, _label in Target.EmailPolicy.choices}
    for number, row in rows:
        errors: list[RowError] = []
        values = _values(header, row, number, errors)
        case_slug = values.get("case_slug", "")
        case = cases.get(case_slug)
        if case_slug and case is None:
            errors.append(
                RowError(
                    number,
                    "case_slug",
                    _(
                        "No case of this campaign has the slug “%(slug)s”. Import the cases "
                        "first, or correct the slug."
                    )
                    % {"slug": case_slug},
                )
            )
        key = (case_slug, values.get("name", ""))
        if key in seen:
            errors.append(
                RowError(
                    number,
                    "name",
                    _("Row %(row)d names the same official for the same case.")
                    % {"row": seen[key]},
                )
            )
        seen.setdefault(key, number)
        wanted: dict[str, Any] = {
            name: values[name]
            for name in (
                "title",
                "language",
                "office",
                "postal_address",
                "email",
                "fax",
                "social_handle",
            )
            if name in values
        }
        wanted["language"] = wanted.get("language", "").lower()
        if "email_policy" in values:
            policy = values["email_policy"].lower() or Target.EmailPolicy.EACH
            if policy not in policies:
                errors.append(
                    RowError(
                        number,
                        "email_policy",
                        _("Use one of: %(choices)s.") % {"choices": ", ".join(sorted(policies))},
                    )
                )
            wanted["email_policy"] = policy
        position = _int(values, "position", number, errors)
        if position is not None:
            wanted["position"] = position
        target = existing.get((case.pk, key[1])) if case is not None else None
        if case is not None:
            candidate = Target(case=case, name=key[1])
            if target is not None:
                for f in Target._meta.concrete_fields:
                    if f.name not in ("id", "case"):
                        setattr(candidate, f.name, getattr(target, f.name))
            for name, value in wanted.items():
                setattr(candidate, name, value)
            try:
                candidate.full_clean(exclude=["case"])
            except ValidationError as exc:
                _model_errors(exc, number, {}, errors)
            if not errors:
                wanted["fax"] = candidate.fax  # as clean() wrote it (E.164)
                if "fax" not in values:
                    wanted.pop("fax")
        if errors:
            plan.errors.extend(errors)
            continue
        row_key = f"{case_slug} / {key[1]}"
        wanted["name"] = key[1]
        wanted["case_slug"] = case_slug
        if target is None:
            plan.rows.append(PlannedRow(number, row_key, "create", wanted))
        else:
            changes = _changes(
                target, {k: v for k, v in wanted.items() if k not in ("case_slug", "name")}
            )
            plan.rows.append(
                PlannedRow(number, row_key, "update" if changes else "unchanged", wanted, changes)
            )


def import_plan(*, campaign: Campaign, kind: str, content: bytes, filename: str) -> ImportPlan:
    """What importing `content` into `campaign` would do, row by row, and what is wrong.

    Raises ImportFileError when the file as a whole cannot be read (its encoding, its
    format, its columns)."""
    if kind not in COLUMNS:
        raise ImportFileError(_("Choose whether the file holds cases or officials."))
    header, rows = import_rows(content=content, filename=filename)
    _check_columns(kind, header)
    if not rows:
        raise ImportFileError(_("The file names its columns but has no rows under them."))
    plan = ImportPlan(kind=kind)
    if kind == "cases":
        _plan_cases(campaign, header, rows, plan)
    else:
        _plan_officials(campaign, header, rows, plan)
    return plan
