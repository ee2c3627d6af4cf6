"""A report table as a file: CSV (UTF-8, for any tool) or XLSX (a spreadsheet).

Text typed by people (a case's name) can start like a formula ("=HYPERLINK(...)"): in both
formats such a cell is written as text with a leading quote (core.csv_safe), never as a
formula, and numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

from writeathon.core.csv_safe import csv_cell, csv_rows_write
from writeathon.reporting.tables import ReportTable


def table_csv(table: ReportTable) -> bytes:
    """The table as CSV, with a byte-order mark so spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    csv_rows_write(writer, [list(table.headers), *table.rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: ReportTable) -> bytes:
    """The table as an XLSX workbook of one sheet; text is never a formula."""
    book = Workbook()
    sheet = book.worksheets[0]
    # A sheet's title is at most 31 characters and cannot hold some signs.
    sheet.title = table.slug[:31]
    for row_number, row in enumerate([list(table.headers), *table.rows], start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            if isinstance(value, bool) or value is None:
                cell.value = csv_cell(value)
            elif isinstance(value, int | float):
                cell.value = value
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            else:
                cell.value = csv_cell(value)
                cell.data_type = TYPE_STRING
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
