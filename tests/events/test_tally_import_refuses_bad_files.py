"""A tally file with anything wrong counts nothing: wrong columns, a bad encoding, formulas,
a huge file, negative or absurd counts, an unknown case or section, a future date. Each
error says the row, the column and what is wrong; one bad row stops the whole file."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.events.factories import events_staff, section, staff_client
from tests.events.tallies import HEADER, csv_file, detail, last_import, start, upload, xlsx_file
from writeathon.actions.models import CountReport, Tally
from writeathon.campaigns.models import Campaign
from writeathon.events.report_models import TallyImport
from writeathon.events.tally_files import MAX_ROWS

pytestmark = pytest.mark.django_db

GOOD = "PE,Colegio,shawkan,letter,12,2016-12-09"


@pytest.fixture
def staff(campaign: Campaign) -> Client:
    section("PE", "Peru")
    return staff_client(events_staff("tallies-checker", section=None))


def _tallied(campaign: Campaign) -> int:
    return sum(Tally.objects.filter(campaign=campaign).values_list("total", flat=True))


@pytest.mark.parametrize(
    ("content", "row", "column", "message"),
    [
        (csv_file(GOOD, header="section,school,case,count,date"), 1, "", "Missing: channel"),
        (csv_file(GOOD, header=HEADER + ",notes"), 1, "", "Unknown columns: notes"),
        (
            (HEADER + "\nPE,Colegio San Martín,shawkan,letter,3,2016-12-09\n").encode("latin-1"),
            0,
            "",
            "not UTF-8",
        ),
        (
            csv_file('PE,"=HYPERLINK(""http://x"")",shawkan,letter,3,2016-12-09'),
            2,
            "group",
            "formula",
        ),
        (csv_file("PE,Colegio,shawkan,letter,=1+2,2016-12-09"), 2, "count", "formula"),
        (
            csv_file(GOOD, "PE,Colegio,shawkan,letter,-3,2016-12-09"),
            3,
            "count",
            "cannot be negative",
        ),
        (csv_file("PE,Colegio,shawkan,letter,5000000,2016-12-09"), 2, "count", "more than one row"),
        (csv_file("PE,Colegio,shawkan,letter,12.5,2016-12-09"), 2, "count", "whole number"),
        (csv_file("PE,Colegio,nobody,letter,3,2016-12-09"), 2, "case", "no published case"),
        (csv_file("ZZ,Colegio,shawkan,letter,3,2016-12-09"), 2, "section", "no section called"),
        (csv_file("PE,Colegio,shawkan,pigeon,3,2016-12-09"), 2, "channel", "Unknown channel"),
        (csv_file("PE,Colegio,shawkan,letter,3,2099-01-01"), 2, "date", "in the future"),
        (csv_file("PE,Colegio,shawkan,letter,3,10/12/2016"), 2, "date", "year-month-day"),
        (csv_file("PE,,shawkan,letter,3,2016-12-09"), 2, "group", "Name the group"),
        (
            xlsx_file(["PE", "Colegio", "shawkan", "letter", "=SUM(1,2)", "2016-12-09"]),
            2,
            "count",
            "formula",
        ),
        (b"PK\x03\x04 not really a workbook", 0, "", "could not be read as an Excel workbook"),
        (csv_file(*[GOOD] * (MAX_ROWS + 1)), 0, "", "more than 5000 rows"),
        (b"", 0, "", "empty"),
    ],
)
def test_a_bad_file_is_explained_and_counts_nothing(
    staff: Client,
    campaign: Campaign,
    django_capture_on_commit_callbacks: Any,
    content: bytes,
    row: int,
    column: str,
    message: str,
) -> None:
    before = _tallied(campaign)
    response = upload(staff, campaign, content)
    if response.status_code == 400:  # refused by the form itself (an empty upload)
        assert message in response.content.decode()
        assert not TallyImport.objects.exists()
        return
    item = last_import()
    assert item.status == TallyImport.Status.FAILED and item.rows == []
    assert any(
        e["row"] == row and e["column"] == column and message in e["message"] for e in item.errors
    ), item.errors
    page = detail(staff, item)
    assert page.status_code == 400 and message in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        start(staff, item)
    assert not CountReport.objects.exists() and _tallied(campaign) == before


def test_a_huge_file_is_refused_before_it_is_read(staff: Client, campaign: Campaign) -> None:
    response = upload(staff, campaign, csv_file(GOOD) + b"#" * (2 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()
    assert not TallyImport.objects.exists()


def test_a_semicolon_file_from_a_european_spreadsheet_reads(
    staff: Client, campaign: Campaign
) -> None:
    upload(staff, campaign, csv_file(GOOD.replace(",", ";"), header=HEADER.replace(",", ";")))
    assert last_import().errors == []
