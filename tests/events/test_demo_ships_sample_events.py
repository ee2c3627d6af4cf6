"""The demo's sample campaign comes with write-a-thons in several countries and time zones
(a school, a library, an online one) and one that is over, to be reported."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from writeathon.events.models import Event
from writeathon.usecases.sections import sample_campaign_load

pytestmark = pytest.mark.django_db


def test_the_sample_brings_events_in_several_countries_and_zones() -> None:
    sample_campaign_load()
    sample_campaign_load()  # loading again refreshes, adds nothing
    events = list(Event.objects.all())
    assert len(events) == 4
    assert {e.kind for e in events} >= {Event.Kind.SCHOOL, Event.Kind.LIBRARY}
    assert any(e.mode == Event.Mode.ONLINE for e in events)
    assert len({str(e.country) for e in events}) >= 3
    assert len({e.time_zone for e in events}) >= 3
    past = [e for e in events if e.ends_at < timezone.now()]
    assert len(past) == 1
    assert all(e.status == Event.Status.APPROVED for e in events)

    finder = Client().get("/events/", HTTP_ACCEPT_LANGUAGE="ar")
    body = finder.content.decode()
    assert finder.status_code == 200
    assert "ماراثون الرسائل في مكتبة عمّان" in body
    assert past[0].title not in body  # over: no longer in the finder
    assert Client().get(f"/events/{past[0].public_id}/").status_code == 200
