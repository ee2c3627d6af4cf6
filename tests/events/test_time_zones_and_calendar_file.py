"""Times are the event's own, with the zone's name, and the reader's beside them when they
ask; the .ics file parses back with the same instant, a UID and escaped text."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import pytest
import time_machine
from django.test import Client
from django.utils import translation

from tests.events.helpers import event_make
from writeathon.campaigns.models import Campaign
from writeathon.events.selectors import event_when, event_when_for_reader

pytestmark = pytest.mark.django_db

# 19:00 on 10 December in Tokyo is 05:00 the same day in Lima.
STARTS = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)


@time_machine.travel("2026-12-01T00:00:00Z")
def test_a_tokyo_event_seen_from_lima(campaign: Campaign) -> None:
    event = event_make(
        campaign,
        starts_at=STARTS,
        time_zone="Asia/Tokyo",
        city="Tokyo",
        country="JP",
        title="Tokyo letters night",
    )
    with translation.override("es"):
        assert event_when(event) == "10 de diciembre de 2026, 19:00 \u2013 21:00 (Asia/Tokyo)"
        assert (
            event_when_for_reader(event, "America/Lima")
            == "10 de diciembre de 2026, 05:00 \u2013 07:00 (America/Lima)"
        )
    with translation.override("en"):
        own = event_when(event)
        lima = event_when_for_reader(event, "America/Lima")
    assert own == "Dec. 10, 2026, 7 p.m. \u2013 9 p.m. (Asia/Tokyo)"
    assert lima == "Dec. 10, 2026, 5 a.m. \u2013 7 a.m. (America/Lima)"
    assert event_when_for_reader(event, "Asia/Tokyo") == ""

    page = Client().get(f"/events/{event.public_id}/?tz=America/Lima", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert own in body and lima in body
    listed = Client().get("/events/?tz=America/Lima", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert own in listed and lima in listed

    found = Client().get("/events/?day_from=2026-12-10&day_to=2026-12-10").content.decode()
    assert event.title in found
    # Its date in Tokyo is the 10th, whatever the date in UTC or Lima.
    assert event.title not in Client().get("/events/?day_from=2026-12-11").content.decode()


@time_machine.travel("2026-12-01T00:00:00Z")
def test_the_calendar_file_parses_back(campaign: Campaign) -> None:
    event = event_make(
        campaign,
        starts_at=STARTS,
        time_zone="Asia/Tokyo",
        title="Letters, cards; and songs",
        description="Bring a pen, paper; and friends.\nSecond line.",
    )
    response = Client().get(f"/events/{event.public_id}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert b"SUMMARY:Letters\\, cards\\; and songs" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["UID"]) == f"{event.public_id}@writeathon"
    assert entry.decoded("DTSTART") == STARTS
    assert entry.decoded("DTEND") == event.ends_at
    assert "DTSTAMP" in entry
    assert str(entry["SUMMARY"]) == "Letters, cards; and songs"
    assert "Second line." in str(entry["DESCRIPTION"])
