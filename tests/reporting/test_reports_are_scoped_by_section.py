"""Staff see the reports of their own section's supporters; international staff see every
section's. Named staff of two sections (Peru, Jordan) read the same dashboard and files."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.reporting.reports import counted_actions, csv_rows, page_table, report_staff
from writeathon.campaigns.models import Case
from writeathon.sections.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(case: Case) -> Case:
    return Case.objects.get(campaign=case.campaign, slug="annie-alfred")


def _countries(client: Client, query: str = "") -> dict[str, str]:
    response = client.get(f"/staff/reports/{query}")
    assert response.status_code == 200
    return {row[1]: row[2] for row in page_table(response.content.decode(), "countries")}


def test_each_sections_staff_see_their_supporters_and_international_staff_all(
    case: Case, other: Case
) -> None:
    counted_actions(case, other)
    peru = report_staff("paola", section=Section.objects.get(country="PE"))
    jordan = report_staff("omar", section=Section.objects.get(country="JO"))
    everyone = report_staff("ines", section=None)

    assert _countries(peru) == {"PE": "3"}
    assert _countries(jordan) == {"JO": "42"}  # two online, forty at an event
    assert _countries(everyone) == {"JO": "42", "PE": "3"}

    # The annual report's table, downloaded by Peru's staff, holds Peru's rows only.
    rows = csv_rows(peru.get("/staff/reports/case-countries.csv").content)
    assert {row[2] for row in rows[1:]} == {"PE"}
    assert sum(int(row[3]) for row in rows[1:]) == 3


def test_a_section_outside_ones_scope_is_refused_not_ignored(case: Case, other: Case) -> None:
    counted_actions(case, other)
    jordan = Section.objects.get(country="JO")
    peru_staff = report_staff("paola", section=Section.objects.get(country="PE"))

    response = peru_staff.get(f"/staff/reports/?section={jordan.pk}")
    assert response.status_code == 400
    assert b"table-countries" not in response.content
    assert peru_staff.get(f"/staff/reports/countries.csv?section={jordan.pk}").status_code == 400

    everyone = report_staff("ines", section=None)
    assert _countries(everyone, f"?section={jordan.pk}") == {"JO": "42"}


def test_visitors_staff_without_permission_and_unplaced_staff_see_nothing(
    case: Case, other: Case
) -> None:
    counted_actions(case, other)
    assert Client().get("/staff/reports/").status_code == 302  # to the login page
    from tests.factories import StaffUserFactory

    plain = Client()
    plain.force_login(StaffUserFactory(username="no-reports"))
    assert plain.get("/staff/reports/").status_code == 403
    assert plain.get("/staff/reports/cases.csv").status_code == 403
    unplaced = report_staff("nobody", section=None)
    from writeathon.sections.models import StaffMembership

    StaffMembership.objects.filter(user__username="nobody").delete()
    assert unplaced.get("/staff/reports/").status_code == 403
