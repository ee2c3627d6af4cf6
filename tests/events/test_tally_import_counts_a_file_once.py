"""Staff import a file of tallies (CSV or XLSX): a preview first, nothing counted; started,
it runs in the background with its progress shown, counts every row at once with source
"import", and the same file imported twice counts once."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from tests.events.factories import events_staff, section, staff_client
from tests.events.tallies import csv_file, detail, last_import, start, upload, xlsx_file
from writeathon.actions.models import CountReport
from writeathon.campaigns.models import Campaign
from writeathon.events.report_models import TallyImport
from writeathon.events.reports import tally_import_queue

pytestmark = pytest.mark.django_db

ROWS = (
    "PE,Colegio San Martín,shawkan,letter,120,2016-12-09",
    "FR,Lycée Victor Hugo,Shawkan,Signature,30,2016-12-10",
)


def _total() -> int:
    return int(json.loads(Client().get("/counter.json").content)["total"])


@pytest.fixture
def staff(campaign: Campaign) -> Client:
    section("PE", "Peru")
    section("FR", "France")
    return staff_client(events_staff("tallies-international", section=None))


def test_preview_then_import_then_the_same_file_again_counts_once(
    staff: Client, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    before = _total()
    assert upload(staff, campaign, csv_file(*ROWS)).status_code == 302
    item = last_import()
    page = detail(staff, item)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Colegio San Martín" in text and "Import 2 rows (150 actions)" in text
    assert _total() == before and not CountReport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert start(staff, item).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.moved, item.rows_done) == (TallyImport.Status.DONE, 150, 2)
    assert _total() == before + 150
    first = CountReport.objects.get(reference=f"import:{item.sha256}:2")
    assert (first.source, first.count, first.country) == ("import", 120, "PE")
    assert "Colegio San Martín" in first.reported_by

    # The same file again, by mistake: the preview says so, and it counts nothing more.
    upload(staff, campaign, csv_file(*ROWS))
    again = last_import()
    assert "importing it again counts nothing more" in detail(staff, again).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        start(staff, again)
    again.refresh_from_db()
    assert (again.status, again.moved) == (TallyImport.Status.DONE, 0)
    assert _total() == before + 150
    assert CountReport.objects.count() == 2

    # Starting a finished import again changes nothing either.
    with django_capture_on_commit_callbacks(execute=True):
        start(staff, item)
    assert _total() == before + 150


def test_an_xlsx_file_with_real_dates_imports_too(
    staff: Client, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    before = _total()
    # A spreadsheet's dates have no time zone.
    day = datetime(2016, 12, 10)  # noqa: DTZ001
    content = xlsx_file(["PE", "Biblioteca de Lima", "shawkan", "solidarity", 45, day])
    upload(staff, campaign, content, name="tallies.xlsx")
    item = last_import()
    assert item.errors == [] and item.rows[0]["day"] == "2016-12-10"
    with django_capture_on_commit_callbacks(execute=True):
        start(staff, item)
    assert _total() == before + 45


def test_while_it_runs_the_page_shows_progress_and_refreshes_itself(
    staff: Client, campaign: Campaign
) -> None:
    upload(staff, campaign, csv_file(*ROWS))
    item = last_import()
    assert tally_import_queue(tally_import=item)
    text = detail(staff, item).content.decode()
    assert '<progress id="import-progress" max="100" value="0">' in text
    assert '<meta http-equiv="refresh" content="2">' in text


def test_a_file_of_many_rows_counts_every_row_in_one_go(
    staff: Client, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    before = _total()
    rows = [f"PE,School {n},shawkan,letter,{n % 7},2016-12-09" for n in range(250)]
    upload(staff, campaign, csv_file(*rows))
    item = last_import()
    assert item.errors == [] and item.rows_total == 250
    with django_capture_on_commit_callbacks(execute=True):
        start(staff, item)
    item.refresh_from_db()
    expected = sum(n % 7 for n in range(250))
    assert (item.status, item.rows_done, item.moved) == (TallyImport.Status.DONE, 250, expected)
    assert _total() == before + expected
    assert item.percent == 100
