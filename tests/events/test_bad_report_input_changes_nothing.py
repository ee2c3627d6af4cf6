"""Negative or absurd counts, a case the event did not write for, a stranger or another host:
a clear error, a 4xx, and nothing counted."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.events.factories import EventFactory, HostFactory, host_client, open_campaign
from writeathon.actions.models import CountReport, Tally
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.events.models import Event
from writeathon.usecases.event_reports import ReportNotAccepted, event_report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(campaign: Campaign, case: Case) -> Event:
    open_campaign(campaign)
    event = EventFactory(campaign=campaign)
    event.cases.set([case])
    return event


def _url(event: Event) -> str:
    return reverse("event_reports:report", kwargs={"public_id": event.public_id})


def _nothing_counted(campaign: Campaign, before: int) -> None:
    assert not CountReport.objects.exists()
    assert sum(Tally.objects.filter(campaign=campaign).values_list("total", flat=True)) == before


@pytest.mark.parametrize(
    ("attendees", "letters", "message"),
    [
        ("10", "-3", "greater than or equal to 0"),
        ("10", "5000000", "less than or equal to 1000000"),
        ("10", "twelve", "Enter a whole number"),
        ("0", "3", "greater than or equal to 1"),
        ("", "3", "This field is required"),
    ],
)
def test_bad_counts_are_refused_with_the_reason(
    event: Event, case: Case, attendees: str, letters: str, message: str
) -> None:
    before = sum(Tally.objects.filter(campaign=event.campaign).values_list("total", flat=True))
    response = host_client(event.host).post(
        _url(event), {"attendees": attendees, f"count_{case.pk}_letter": letters}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    _nothing_counted(event.campaign, before)


def test_the_service_refuses_a_case_or_channel_the_event_does_not_report(
    event: Event, campaign: Campaign
) -> None:
    other = Case.objects.filter(campaign=campaign).exclude(pk__in=event.cases.all()).first()
    assert other is not None
    with pytest.raises(ReportNotAccepted):
        event_report_submit(event=event, attendees=5, counts={(other.pk, Channel.LETTER): 3})
    case = event.cases.get()
    with pytest.raises(ReportNotAccepted):
        event_report_submit(event=event, attendees=5, counts={(case.pk, Channel.SMS): 3})
    with pytest.raises(ReportNotAccepted):
        event_report_submit(event=event, attendees=5, counts={(case.pk, Channel.LETTER): -1})
    assert not CountReport.objects.exists()


def test_strangers_and_other_hosts_cannot_see_or_report(event: Event, case: Case) -> None:
    form = {"attendees": "10", f"count_{case.pk}_letter": "3"}
    assert Client().get(_url(event)).status_code == 404
    assert Client().post(_url(event), form).status_code == 404
    other_host = host_client(HostFactory())
    assert other_host.post(_url(event), form).status_code == 404
    assert not CountReport.objects.exists()


def test_a_cancelled_event_cannot_be_reported(event: Event, case: Case) -> None:
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    response = host_client(event.host).post(
        _url(event), {"attendees": "10", f"count_{case.pk}_letter": "3"}
    )
    assert response.status_code == 400
    assert "Only an approved event" in response.content.decode()
    assert not CountReport.objects.exists()
