"""Staff import a campaign's cases and officials from a CSV file or an Excel workbook: a
preview first, every bad row reported by row, column and what is wrong, nothing imported
while any row is wrong, and the same file a second time changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from tests.factories import CampaignFactory
from writeathon.campaigns.models import Campaign, CampaignImport, Case, Target
from writeathon.campaigns.services import import_progress_key

CASES_CSV = (
    "slug,name,country,category,sms_keyword,position\n"
    "ana-lima,Ana Lima,PE,human_rights_defender,ANALIMA,1\n"
    "jamal-n,Jamal Nour,JO,prisoner_of_conscience,,2\n"
)


@pytest.fixture
def edition(db: Any) -> Campaign:
    campaign: Campaign = CampaignFactory(slug="write-for-rights-2031", status="draft")
    return campaign


@pytest.fixture
def keiko(db: Any) -> Client:
    user = get_user_model().objects.create_superuser(username="keiko", password="pw-keiko-1")
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, campaign: Campaign, kind: str, name: str, content: bytes) -> Any:
    return client.post(
        f"/staff/campaigns/{campaign.slug}/import/",
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def _import(
    client: Client, campaign: Campaign, kind: str, name: str, content: bytes
) -> CampaignImport:
    """Upload, look at the preview, confirm; the import runs when the request commits."""
    response = _upload(client, campaign, kind, name, content)
    assert response.status_code == 302, response.content.decode()
    job = CampaignImport.objects.latest("pk")
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert preview.context["plan"].is_valid, preview.context["plan"].errors
    confirmed = client.post(f"/staff/campaigns/imports/{job.pk}/confirm/")
    assert confirmed.status_code == 302
    return job


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _snapshot(campaign: Campaign) -> list[Any]:
    return [
        *Case.objects.filter(campaign=campaign).order_by("slug").values(),
        *Target.objects.filter(case__campaign=campaign).order_by("name").values(),
    ]


def test_cases_then_officials_and_a_second_import_changes_nothing(
    keiko: Client, edition: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(keiko, edition, "cases", "cases.csv", CASES_CSV.encode())
    job.refresh_from_db()
    assert job.status == CampaignImport.Status.DONE
    assert (job.created, job.updated, job.unchanged) == (2, 0, 0)
    ana = Case.objects.get(campaign=edition, slug="ana-lima")
    assert (ana.name, ana.country.code, ana.sms_keyword, ana.status) == (
        "Ana Lima",
        "PE",
        "ANALIMA",
        Case.Status.DRAFT,
    )
    officials = _xlsx(
        [
            ["case_slug", "name", "title", "language", "email", "fax", "postal_address"],
            [
                "ana-lima",
                "Dina Boluarte",
                "President",
                "es",
                "pres@example.org",
                "+51 1 311 3900",
                "Jr. de la Unión s/n\nLima",
            ],
            ["jamal-n", "Ahmad Faisal", "Minister of Justice", "ar", "", "", ""],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(keiko, edition, "officials", "officials.xlsx", officials)
    job.refresh_from_db()
    assert job.status == CampaignImport.Status.DONE, job.error
    dina = Target.objects.get(case=ana)
    assert (dina.name, dina.fax, dina.language) == ("Dina Boluarte", "+5113113900", "es")
    history = LogEntry.objects.filter(object_id=str(edition.pk)).values_list(
        "change_message", flat=True
    )
    assert any("Imported officials from officials.xlsx: 2 new" in m for m in history)

    before = _snapshot(edition)
    with django_capture_on_commit_callbacks(execute=True):
        again = _import(keiko, edition, "cases", "cases.csv", CASES_CSV.encode())
    with django_capture_on_commit_callbacks(execute=True):
        again_officials = _import(keiko, edition, "officials", "officials.xlsx", officials)
    again.refresh_from_db()
    again_officials.refresh_from_db()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (again_officials.created, again_officials.updated, again_officials.unchanged) == (
        0,
        0,
        2,
    )
    assert _snapshot(edition) == before


def test_bad_rows_are_reported_and_nothing_is_half_imported(
    keiko: Client, edition: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    bad = (
        b"slug,name,country,category\n"
        b"good-one,Good One,PE,unfair_trial\n"
        b"bad-country,Bad Country,XX,unfair_trial\n"
        b'formula,"=HYPERLINK(""http://evil.example"")",PE,unfair_trial\n'
        b"good-one,Same Slug,JO,unfair_trial\n"
        b"no-category,No Category,JO,\n"
    )
    response = _upload(keiko, edition, "cases", "cases.csv", bad)
    assert response.status_code == 302
    job = CampaignImport.objects.latest("pk")
    preview = keiko.get(response["Location"])
    errors = {(e.row, e.column) for e in preview.context["plan"].errors}
    assert errors == {(3, "country"), (4, "name"), (5, "slug"), (6, "category")}
    html = preview.content.decode()
    assert "Nothing is imported until every row is right" in html
    assert "which spreadsheets run as a formula" in html
    assert "Row 2 has the same slug." in html
    with django_capture_on_commit_callbacks(execute=True):
        refused = keiko.post(f"/staff/campaigns/imports/{job.pk}/confirm/")
    assert refused.status_code == 400
    assert not Case.objects.filter(campaign=edition).exists()  # not even the good row
    job.refresh_from_db()
    assert job.status == CampaignImport.Status.PREVIEWED


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "cases.csv",
            "slug,name,country,category\ncafé,Café,PE,unfair_trial\n".encode("latin-1"),
            "not UTF-8 text",
        ),
        ("cases.csv", b"slug,fullname,country\nx,y,PE\n", "Missing columns: name, category."),
        ("cases.csv", b"slug,name,country,category\n", "has no rows under them"),
        ("cases.xlsx", b"PK\x03\x04 not really a workbook", "not an Excel workbook"),
        ("cases.pdf", b"%PDF-1.7", "Choose a .csv or .xlsx file"),
        (
            "cases.csv",
            b"slug,name,country,category\n" + b"x" * (2 * 1024 * 1024),
            "larger than 2 MB",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_explained(
    keiko: Client, edition: Campaign, name: str, content: bytes, says: str
) -> None:
    response = _upload(keiko, edition, "cases", name, content)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not CampaignImport.objects.exists()
    assert not Case.objects.filter(campaign=edition).exists()


def test_a_workbook_formula_is_refused(keiko: Client, edition: Campaign) -> None:
    book = _xlsx(
        [
            ["slug", "name", "country", "category"],
            ["sum", "=1+1", "PE", "unfair_trial"],
        ]
    )
    response = _upload(keiko, edition, "cases", "cases.xlsx", book)
    preview = keiko.get(response["Location"])
    errors = preview.context["plan"].errors
    assert {(error.row, error.column) for error in errors} == {(2, "name")}
    assert any("holds a formula" in error.message for error in errors)


def test_a_running_import_shows_its_progress(keiko: Client, edition: Campaign) -> None:
    job = CampaignImport.objects.create(
        campaign=edition,
        kind="cases",
        filename="big.csv",
        status=CampaignImport.Status.RUNNING,
        total_rows=500,
    )
    cache.set(import_progress_key(job.pk), 125)
    page = keiko.get(f"/staff/campaigns/imports/{job.pk}/")
    html = page.content.decode()
    assert "125 rows written so far" in html
    assert 'http-equiv="refresh"' in html
    assert '<progress max="500" value="125"' in html
