"""Section isolation with named staff of two sections: Peru's staff review Peru's held event
reports and import tallies for Peru only; Jordan's staff see neither Peru's held reports
nor its imports, not even by URL; staff without the permission and visitors see nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.events.factories import (
    EventFactory,
    HostFactory,
    events_staff,
    host_client,
    open_campaign,
    section,
    staff_client,
)
from tests.events.tallies import csv_file, detail, last_import, start, upload
from writeathon.actions.models import CountReport
from writeathon.campaigns.models import Campaign, Case
from writeathon.events.models import Event
from writeathon.events.report_models import EventReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(campaign: Campaign) -> dict[str, Any]:
    peru = section("PE", "Peru")
    jordan = section("JO", "Jordan")
    return {
        "peru": peru,
        "jordan": jordan,
        "rosa": staff_client(events_staff("rosa-peru", section=peru)),
        "omar": staff_client(events_staff("omar-jordan", section=jordan)),
        "nobody": staff_client(events_staff("no-permission", section=peru, permissions=())),
    }


@pytest.fixture
def held_in_peru(campaign: Campaign, case: Case, actors: dict[str, Any]) -> EventReport:
    open_campaign(campaign)
    host = HostFactory(country="PE", section=actors["peru"])
    event: Event = EventFactory(
        campaign=campaign, host=host, country="PE", section=actors["peru"], time_zone="America/Lima"
    )
    event.cases.set([case])
    host_client(host).post(
        reverse("event_reports:report", kwargs={"public_id": event.public_id}),
        {"attendees": "1", f"count_{case.pk}_letter": "400"},
    )
    return EventReport.objects.get(event=event, status=EventReport.Status.HELD)


def test_held_reports_are_for_their_sections_staff(
    actors: dict[str, Any], held_in_peru: EventReport
) -> None:
    title = held_in_peru.event.title
    assert title in actors["rosa"].get(reverse("event_reports:held")).content.decode()
    assert title not in actors["omar"].get(reverse("event_reports:held")).content.decode()

    review = reverse("event_reports:held-review", kwargs={"report_id": held_in_peru.pk})
    assert actors["omar"].post(review, {"decision": "approve"}).status_code == 404
    report_page = reverse(
        "event_reports:report", kwargs={"public_id": held_in_peru.event.public_id}
    )
    assert actors["omar"].get(report_page).status_code == 404
    assert actors["rosa"].get(report_page).status_code == 200
    assert actors["nobody"].get(reverse("event_reports:held")).status_code == 403
    assert Client().get(reverse("event_reports:held")).status_code == 302
    assert EventReport.objects.get(pk=held_in_peru.pk).status == EventReport.Status.HELD

    assert actors["rosa"].post(review, {"decision": "approve"}).status_code == 302
    assert EventReport.objects.get(pk=held_in_peru.pk).status == EventReport.Status.COUNTED


def test_section_staff_import_for_their_own_section_only(
    actors: dict[str, Any], campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    rosa, omar = actors["rosa"], actors["omar"]
    upload(rosa, campaign, csv_file("JO,Amman school,shawkan,letter,5,2016-12-09"))
    refused = last_import()
    assert any("only for your own section" in e["message"] for e in refused.errors)
    with django_capture_on_commit_callbacks(execute=True):
        start(rosa, refused)
    assert not CountReport.objects.exists()

    upload(rosa, campaign, csv_file("PE,Colegio,shawkan,letter,5,2016-12-09"))
    mine = last_import()
    assert mine.errors == [] and mine.section == actors["peru"]
    # Jordan's staff neither list it nor open it, nor start it.
    assert "tallies.csv" not in omar.get(reverse("event_reports:tallies")).content.decode()
    assert detail(omar, mine).status_code == 404
    assert start(omar, mine).status_code == 404
    assert actors["nobody"].get(reverse("event_reports:tallies")).status_code == 403
    assert not CountReport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        start(rosa, mine)
    assert CountReport.objects.get().section == actors["peru"]
