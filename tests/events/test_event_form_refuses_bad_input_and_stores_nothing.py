"""A host's event form: dates in the past, an end before the start, absurd numbers and a
missing place are refused with a clear error, and nothing is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.events.helpers import event_form_data, host_client, host_make
from writeathon.campaigns.models import Campaign
from writeathon.events.models import Event

NEW = "/events/host/events/new/"


def _when(delta: timedelta) -> str:
    return (timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"starts": _when(-timedelta(days=1)), "ends": _when(-timedelta(hours=22))},
            "starts",
            "past",
        ),
        (
            {"starts": _when(timedelta(days=3)), "ends": _when(timedelta(days=2))},
            "ends",
            "after the start",
        ),
        (
            {"starts": _when(timedelta(days=3)), "ends": _when(timedelta(days=9))},
            "ends",
            "three days",
        ),
        (
            {"starts": _when(timedelta(days=900)), "ends": _when(timedelta(days=900, hours=2))},
            "starts",
            "year",
        ),
        ({"expected_attendees": "1000000"}, "expected_attendees", "less than or equal"),
        ({"expected_attendees": "-5"}, "expected_attendees", "greater than or equal"),
        ({"capacity": "0"}, "capacity", "greater than or equal"),
        ({"capacity": "10", "expected_attendees": "30"}, "capacity", "fewer places"),
        ({"mode": "online", "online_link": ""}, "online_link", "link"),
        ({"city": "", "venue": ""}, "city", "city"),
        ({"starts": "next tuesday"}, "starts", "valid"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "valid choice"),
        ({"cases": ["999999"]}, "cases", "valid choice"),
    ],
)
def test_bad_event_is_refused_and_nothing_is_stored(
    campaign: Campaign, fields: dict[str, str], field: str, words: str
) -> None:
    client = host_client(host_make())
    response = client.post(NEW, event_form_data(campaign, **fields))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors[field]
    assert 'class="error-summary"' in response.content.decode()
    assert Event.objects.count() == 0


@time_machine.travel("2026-12-01T12:00:00Z")
def test_a_good_event_is_stored_in_utc_from_the_hosts_time_zone(campaign: Campaign) -> None:
    client = host_client(host_make())
    data = event_form_data(
        campaign, time_zone="Asia/Tokyo", starts="2027-01-20T18:00", ends="2027-01-20T20:30"
    )
    response = client.post(NEW, data)
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.starts_at.isoformat() == "2027-01-20T09:00:00+00:00"
    assert event.ends_at.isoformat() == "2027-01-20T11:30:00+00:00"
    assert event.status == Event.Status.APPROVED  # a trusted host's event is listed at once
