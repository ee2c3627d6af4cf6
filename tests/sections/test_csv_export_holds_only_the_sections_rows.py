""" "Export selected as CSV" writes only the rows the staff member may see, whatever ids are
posted; every cell is safe to open in a spreadsheet; the file says whose rows it holds; and
the export is logged as an access to personal data."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import HttpResponse

from tests.sections.conftest import Actor, People, act
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.models import PersonalDataAccess
from writeathon.supporters.models import Supporter

pytestmark = pytest.mark.django_db

SUPPORTERS = "/admin/supporters/supporter/"
ACTIONS = "/admin/actions/action/"


def _export(actor: Actor, path: str, ids: list[int], **extra: str) -> HttpResponse:
    response = actor.client.post(
        path,
        {"action": "export_csv", "index": "0", "_selected_action": [str(i) for i in ids], **extra},
    )
    assert isinstance(response, HttpResponse)
    return response


def _rows(response: HttpResponse) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_peru_staff_export_only_peruvians_even_when_jordanian_ids_are_posted(
    peru_staff: Actor, people: People
) -> None:
    response = _export(peru_staff, SUPPORTERS, [s.pk for s in people.everyone])

    rows = _rows(response)
    assert sorted(row["email"] for row in rows) == ["diego@peru.example", "rosa@peru.example"]
    assert {row["section_name"] for row in rows} == {"Writeathon Peru"}
    assert 'filename="peru-supporters-' in response["Content-Disposition"]


def test_posting_only_another_sections_ids_exports_no_row(
    peru_staff: Actor, people: People
) -> None:
    response = _export(peru_staff, SUPPORTERS, [s.pk for s in people.jordanians])
    assert _rows(response) == []


def test_select_across_exports_the_section_only(peru_staff: Actor, people: People) -> None:
    response = _export(peru_staff, SUPPORTERS, [people.rosa.pk], select_across="1")
    assert sorted(row["name"] for row in _rows(response)) == ["Diego Huaman", "Rosa Quispe"]


def test_peru_staff_export_only_peruvians_actions(
    peru_staff: Actor, case: Case, people: People
) -> None:
    ids = list(Action.objects.values_list("pk", flat=True))
    response = _export(peru_staff, ACTIONS, ids)
    rows = _rows(response)
    assert sorted(row["signer_name"] for row in rows) == ["Diego Huaman", "Rosa Quispe"]
    assert {(row["case_name"], row["country"]) for row in rows} == {(case.name, "PE")}
    assert 'filename="peru-actions-' in response["Content-Disposition"]


def test_international_staff_export_everyone(international_staff: Actor, people: People) -> None:
    response = _export(international_staff, SUPPORTERS, [s.pk for s in people.everyone])
    rows = _rows(response)
    assert sorted(row["email"] for row in rows) == sorted(str(s.email) for s in people.everyone)
    assert 'filename="all-sections-supporters-' in response["Content-Disposition"]


def test_cells_cannot_run_as_spreadsheet_formulas(peru_staff: Actor, case: Case) -> None:
    act(case, email="formula@peru.example", name='=HYPERLINK("http://evil.example")', country="PE")
    ids = list(Supporter.objects.values_list("pk", flat=True))

    rows = _rows(_export(peru_staff, SUPPORTERS, ids))

    assert [row["name"] for row in rows] == ['\'=HYPERLINK("http://evil.example")']


def test_the_export_is_logged_as_access_to_personal_data(peru_staff: Actor, people: People) -> None:
    _export(peru_staff, SUPPORTERS, [s.pk for s in people.everyone])
    entry = PersonalDataAccess.objects.get(what="supporter export")
    assert (entry.username, entry.path, entry.reason) == (
        "paola",
        SUPPORTERS,
        "CSV, 2 rows",
    )


def test_supporters_and_visitors_cannot_export(
    supporter: Actor, anonymous_visitor: Actor, people: People
) -> None:
    for actor in (supporter, anonymous_visitor):
        response = _export(actor, SUPPORTERS, [s.pk for s in people.everyone])
        assert response.status_code == 302, actor.name
        assert response["Location"].startswith("/admin/login/"), actor.name
        assert b"peru.example" not in response.content
    assert not PersonalDataAccess.objects.exists()
