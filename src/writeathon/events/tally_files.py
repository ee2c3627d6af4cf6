"""Reading a tally file (CSV or XLSX) into rows of cells, with what is wrong in plain words.

Only the file's shape is checked here (size, encoding, columns, formulas, number of rows);
what the cells mean (a known case, a count in bounds, a date not in the future) is checked
by writeathon.usecases.event_reports against the campaign.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

# The columns a tally file has, in any order; "school" may stand for "group".
COLUMNS = ("section", "group", "case", "channel", "count", "date")
COLUMN_ALIASES = {"school": "group", "group or school": "group", "day": "date"}
# A bigger file is refused before it is read: a sheet of tallies is a few thousand rows.
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# A text cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")

Cell = str | int | float | date | None


@dataclass(frozen=True)
class RowError:
    row: int  # the row's number in the file (the header is row 1); 0 for the whole file
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class TallyFile:
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _file_error(message: str) -> TallyFile:
    return TallyFile(errors=[RowError(row=0, column="", message=message)])


def _header(cells: list[Cell]) -> tuple[dict[int, str], list[RowError]]:
    names = [str(c or "").strip().lower() for c in cells]
    names = [COLUMN_ALIASES.get(n, n) for n in names]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n and n not in COLUMNS]
    errors: list[RowError] = []
    if missing:
        errors.append(
            RowError(
                row=1,
                column="",
                message=_("The first row must name the columns %(expected)s. Missing: %(missing)s.")
                % {"expected": ", ".join(COLUMNS), "missing": ", ".join(missing)},
            )
        )
    if unknown:
        errors.append(
            RowError(
                row=1,
                column="",
                message=_("Unknown columns: %(unknown)s. Use only %(expected)s.")
                % {"unknown": ", ".join(unknown), "expected": ", ".join(COLUMNS)},
            )
        )
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        errors.append(
            RowError(
                row=1,
                column="",
                message=_("These columns appear more than once: %(columns)s.")
                % {"columns": ", ".join(repeated)},
            )
        )
    return {i: n for i, n in enumerate(names) if n in COLUMNS}, errors


def _rows(lines: Any, *, formula_cells: set[tuple[int, int]] | None = None) -> TallyFile:
    result = TallyFile()
    positions: dict[int, str] | None = None
    for number, cells in enumerate(lines, start=1):
        cells = list(cells)
        if positions is None:
            positions, errors = _header(cells)
            if errors:
                result.errors.extend(errors)
                return result
            continue
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        if len(result.rows) >= MAX_ROWS:
            return _file_error(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        row: dict[str, Cell] = {}
        for index, column in positions.items():
            value = cells[index] if index < len(cells) else None
            if isinstance(value, str):
                value = value.strip()
            formula = formula_cells is not None and (number, index) in formula_cells
            if formula or (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
                result.errors.append(
                    RowError(
                        row=number,
                        column=column,
                        message=_(
                            "This cell holds a formula (%(cell)s). Formulas are not imported: "
                            "type the value itself."
                        )
                        % {"cell": str(value)[:40]},
                    )
                )
                value = None
            if isinstance(value, datetime):
                value = value.date()
            row[column] = value
        result.rows.append((number, row))
    if positions is None:
        return _file_error(_("The file is empty."))
    if not result.rows and not result.errors:
        return _file_error(_("The file has no rows of tallies under its first row."))
    return result


def _csv(content: bytes) -> TallyFile:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _file_error(
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as "
                "“CSV UTF-8” and upload it again."
            )
        )
    if "\x00" in text:
        return _file_error(_("The file is not a CSV file of text."))
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    return _rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx(content: bytes) -> TallyFile:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return _file_error(_("The file could not be read as an Excel workbook (.xlsx)."))
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_ROWS + 1:
            return _file_error(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        lines: list[list[Cell]] = []
        formulas: set[tuple[int, int]] = set()
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS + 1:
                return _file_error(
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": MAX_ROWS}
                )
            line: list[Cell] = []
            for index, cell in enumerate(cells):
                if getattr(cell, "data_type", "") == "f":
                    formulas.add((number, index))
                line.append(getattr(cell, "value", None))
            lines.append(line)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError):
        return _file_error(_("The file could not be read as an Excel workbook (.xlsx)."))
    finally:
        workbook.close()
    return _rows(lines, formula_cells=formulas)


def tally_file_read(*, name: str, content: bytes) -> TallyFile:
    """The rows of a CSV (UTF-8, comma, semicolon or tab) or XLSX tally file."""
    if len(content) > MAX_BYTES:
        return _file_error(
            _("The file is larger than %(max)s MB. Split it into smaller files.")
            % {"max": MAX_BYTES // (1024 * 1024)}
        )
    if not content:
        return _file_error(_("The file is empty."))
    if content.startswith(b"PK") or name.lower().endswith(".xlsx"):
        return _xlsx(content)
    return _csv(content)
