"""The host reports what was written at the event: the live counter moves by exactly the
reported number at once; a correction moves it back by exactly the difference; a report
beyond what the attendees could write in the time is held and moves nothing until staff
approve it, and the host is told. Host and staff read the history of changes."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.events.factories import (
    EventFactory,
    events_staff,
    host_client,
    open_campaign,
    staff_client,
)
from writeathon.actions.models import CountReport
from writeathon.campaigns.models import Campaign, Case
from writeathon.delivery.composed import composed_message
from writeathon.delivery.models import Delivery
from writeathon.events.models import Event
from writeathon.events.report_models import EventReport

pytestmark = pytest.mark.django_db


def _counter(case_slug: str = "shawkan") -> tuple[int, int]:
    data = json.loads(Client().get("/counter.json").content)
    by_case = {c["slug"]: c["total"] for c in data["cases"]}
    return data["total"], by_case[case_slug]


def _url(event: Event) -> str:
    return reverse("event_reports:report", kwargs={"public_id": event.public_id})


def _form(case: Case, *, attendees: int, letters: int, cards: int = 0) -> dict[str, str]:
    return {
        "attendees": str(attendees),
        f"count_{case.pk}_letter": str(letters),
        f"count_{case.pk}_solidarity": str(cards),
    }


@pytest.fixture
def event(campaign: Campaign, case: Case) -> Event:
    open_campaign(campaign)
    event = EventFactory(campaign=campaign)
    event.cases.set([case])
    return event


def test_a_report_counts_at_once_and_a_correction_moves_it_back(event: Event, case: Case) -> None:
    total, for_case = _counter()
    client = host_client(event.host)

    response = client.post(_url(event), _form(case, attendees=20, letters=37, cards=3))
    assert response.status_code == 302
    assert _counter() == (total + 40, for_case + 40)
    line = CountReport.objects.get(reference=f"event:{event.pk}:{case.pk}:letter")
    assert (line.source, line.country, line.section_id) == ("event", "JP", event.section_id)
    assert EventReport.objects.get(event=event).attendees == 20

    # Five of the letters were cards: corrected, the count moves by exactly the difference.
    response = client.post(_url(event), _form(case, attendees=20, letters=32, cards=3))
    assert response.status_code == 302
    assert _counter() == (total + 35, for_case + 35)

    page = client.get(_url(event)).content.decode()
    assert "History of changes" in page and "37" in page and "32" in page and "-5" in page


def test_a_report_beyond_the_plausible_is_held_until_staff_approve_it(
    event: Event, case: Case
) -> None:
    total, _ = _counter()
    client = host_client(event.host)
    # Three people in two hours at six an hour: 36 at most; 500 is held.
    response = client.post(_url(event), _form(case, attendees=3, letters=500))
    assert response.status_code == 302
    assert _counter()[0] == total
    report = EventReport.objects.get(event=event)
    assert report.status == EventReport.Status.HELD
    assert "500 actions reported for 3 people in 2 hours" in report.review_reason
    assert "36 expected" in report.review_reason

    staff = events_staff("japan-international", section=None)
    queue = staff_client(staff).get(reverse("event_reports:held"))
    assert event.title in queue.content.decode()
    assert "36 expected" in queue.content.decode()

    response = staff_client(staff).post(
        reverse("event_reports:held-review", kwargs={"report_id": report.pk}),
        {"decision": "approve", "reason": "The class wrote all week"},
    )
    assert response.status_code == 302
    assert _counter()[0] == total + 500
    told = Delivery.objects.get(idempotency_key__startswith=f"event:{event.pk}:report-reviewed")
    assert told.recipient == event.host.email and told.payload["approved"] is True

    # A correction below what staff approved is not held again.
    client.post(_url(event), _form(case, attendees=3, letters=480))
    assert _counter()[0] == total + 480
    assert EventReport.objects.get(event=event).status == EventReport.Status.COUNTED


def test_a_refused_report_never_counts_and_the_host_is_told_why(event: Event, case: Case) -> None:
    total, _ = _counter()
    host_client(event.host).post(_url(event), _form(case, attendees=1, letters=900))
    report = EventReport.objects.get(event=event)
    staff = events_staff("reviewer", section=None)
    review = reverse("event_reports:held-review", kwargs={"report_id": report.pk})

    # Refusing needs a reason the host reads.
    staff_client(staff).post(review, {"decision": "refuse", "reason": ""})
    assert EventReport.objects.get(pk=report.pk).status == EventReport.Status.HELD

    staff_client(staff).post(review, {"decision": "refuse", "reason": "Nine hundred by one?"})
    assert EventReport.objects.get(pk=report.pk).status == EventReport.Status.REFUSED
    assert _counter()[0] == total
    told = Delivery.objects.get(idempotency_key__startswith=f"event:{event.pk}:report-reviewed")
    email = composed_message(told)
    assert "could not accept your report" in email.body
    assert "Nine hundred by one?" in email.body and event.title in email.subject

    # The host can no longer change it.
    response = host_client(event.host).post(_url(event), _form(case, attendees=1, letters=2))
    assert response.status_code == 400
    assert _counter()[0] == total


def test_the_ratio_staff_set_decides_what_is_held(event: Event, case: Case) -> None:
    staff = events_staff("ratio-setter", section=None)
    response = staff_client(staff).post(
        reverse("event_reports:rules"), {"campaign": event.campaign_id, "ratio": "100"}
    )
    assert response.status_code == 302
    # 3 people x 2 hours x 100 an hour: 500 is plausible now.
    host_client(event.host).post(_url(event), _form(case, attendees=3, letters=500))
    assert EventReport.objects.get(event=event).status == EventReport.Status.COUNTED
