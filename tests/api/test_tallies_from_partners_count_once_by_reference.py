"""A partner pushes tallies counted offline (a school network's letters): they count at once
with source "api", a row sent again (a new request, the same reference) counts nothing more,
and a bad row counts nothing of the request."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ApiClient
from writeathon.actions.models import CountReport
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Source
from writeathon.reporting.selectors import counter_forget, counter_snapshot

pytestmark = pytest.mark.django_db


def _row(case: Case, **extra: Any) -> dict[str, Any]:
    return {
        "reference": "lima-school-7",
        "advocacy_campaign": f"{case.campaign.slug}:{case.slug}",
        "type": "letter",
        "count": 120,
        "date": "2016-12-09",
        "country": "PE",
        **extra,
    }


def _case_total(case: Case) -> int:
    counter_forget(campaign=case.campaign)
    return counter_snapshot(campaign=case.campaign).cases[case.slug]


def test_a_tally_counts_once_by_its_reference(peru_crm: ApiClient, case: Case) -> None:
    before = _case_total(case)
    first = peru_crm.post("/tallies", {"tallies": [_row(case)]}, key="a")
    assert first.status_code == 200, first.content
    assert first.json()["results"] == [
        {"reference": "lima-school-7", "counted": 120, "moved_by": 120, "status": "counted"}
    ]
    assert _case_total(case) == before + 120

    again = peru_crm.post("/tallies", {"tallies": [_row(case)]}, key="b")
    assert again.json()["results"][0]["moved_by"] == 0
    corrected = peru_crm.post("/tallies", {"tallies": [_row(case, count=100)]}, key="c")
    assert corrected.json()["results"][0]["moved_by"] == -20
    assert _case_total(case) == before + 100

    report = CountReport.objects.get()
    assert report.source == Source.API
    assert report.section == peru_crm.partner.section

    listed = {t["advocacy_campaign"]: t["total"] for t in peru_crm.get("/tallies").json()["items"]}
    assert listed[f"{case.campaign.slug}:{case.slug}"] == before + 100


@pytest.mark.parametrize(
    "bad",
    [
        {"advocacy_campaign": "nope:nobody"},
        {"count": -3},
        {"count": 10_000_000},
        {"date": "2999-01-01"},
        {"type": "pigeon"},
        {"country": "ZZ"},
    ],
)
def test_a_bad_row_counts_nothing_of_the_request(
    peru_crm: ApiClient, case: Case, bad: dict[str, Any]
) -> None:
    before = _case_total(case)
    good = _row(case, reference="good-row")
    response = peru_crm.post("/tallies", {"tallies": [good, _row(case, **bad)]})
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not CountReport.objects.exists()
    assert _case_total(case) == before
