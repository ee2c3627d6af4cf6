"""CSV exports of records, every cell escaped against spreadsheet formulas.

Which rows may be exported is not decided here: callers pass a queryset already narrowed by
:func:`writeathon.sections.access.scope_queryset`.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify

from writeathon.core.csv_safe import csv_rows_write


def queryset_csv(*, queryset: QuerySet[Any], fields: Sequence[str]) -> tuple[str, int]:
    """The rows of `queryset` as CSV text, one column per field path; and how many rows.

    Headers are the field paths ("case__name" becomes "case_name"): stable column names
    whatever the staff member's language, for the spreadsheets and scripts that read them.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([field.replace("__", "_") for field in fields])
    count = csv_rows_write(writer, queryset.order_by("pk").values_list(*fields))
    # A byte-order mark, so that spreadsheets read the file as UTF-8 (names in any script).
    return "\ufeff" + out.getvalue(), count


def export_filename(*, label: str, what: str, on: datetime.date) -> str:
    """A file name that says whose records, of what, from when: "peru-supporters-2026-11-30.csv"."""
    parts = [slugify(label) or "section", slugify(what) or "records", on.isoformat()]
    return "-".join(parts) + ".csv"
