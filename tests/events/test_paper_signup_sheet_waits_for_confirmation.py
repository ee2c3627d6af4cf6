"""The host types in the paper sign-up sheet: each person with the consent ticked becomes a
supporter with an unconfirmed address and gets a confirmation email through the outbox;
they join the mailing list (a consent is recorded) only when they confirm. Bad lines are
explained and nothing is added."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.events.factories import EventFactory, host_client, open_campaign
from writeathon.campaigns.models import Campaign
from writeathon.delivery.composed import composed_message
from writeathon.delivery.models import Delivery
from writeathon.events.models import Event
from writeathon.events.report_models import EventSignup
from writeathon.supporters.models import Consent, Supporter
from writeathon.usecases.privacy import supporter_erase

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(campaign: Campaign) -> Event:
    open_campaign(campaign)
    return EventFactory(campaign=campaign)


def _sheet(*lines: dict[str, Any]) -> dict[str, str]:
    data = {
        "form-TOTAL_FORMS": "10",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "50",
    }
    for n, line in enumerate(lines):
        for key, value in line.items():
            data[f"form-{n}-{key}"] = value
    return data


def _url(event: Event) -> str:
    return reverse("event_reports:signup-sheet", kwargs={"public_id": event.public_id})


def test_people_join_the_list_only_when_they_confirm(event: Event) -> None:
    response = host_client(event.host).post(
        _url(event),
        _sheet(
            {"name": "Aiko Tanaka", "email": "aiko@example.net", "country": "JP", "consent": "on"},
            {"name": "Ben Ito", "email": "ben@example.net", "country": "JP", "consent": "on"},
        ),
    )
    assert response.status_code == 302
    aiko = Supporter.objects.get(email="aiko@example.net")
    assert aiko.confirmed_at is None
    assert not Consent.objects.filter(supporter=aiko).exists()

    signup = EventSignup.objects.get(email="aiko@example.net")
    email = Delivery.objects.get(idempotency_key=f"event-signup:{signup.pk}:confirm")
    message = composed_message(email)
    link = next(w for w in message.body.split() if "/events/sign-up/confirm/" in w)
    path = link[link.index("/events/") :]

    # Opening the link asks; only the button confirms (mail scanners open links).
    assert Client().get(path).status_code == 200
    assert not Consent.objects.filter(supporter=aiko).exists()
    assert Client().post(path).status_code == 200
    consent = Consent.objects.get(supporter=aiko)
    assert consent.purpose == Consent.Purpose.CAMPAIGN_UPDATES
    assert consent.text.startswith("Keep me informed by email")
    aiko.refresh_from_db()
    assert aiko.confirmed_at is not None
    # A second click records nothing more.
    Client().post(path)
    assert Consent.objects.filter(supporter=aiko).count() == 1
    assert not Consent.objects.filter(supporter__email="ben@example.net").exists()


def test_bad_lines_are_explained_and_nothing_is_added(event: Event) -> None:
    response = host_client(event.host).post(
        _url(event),
        _sheet(
            {"name": "Aiko Tanaka", "email": "aiko@example.net", "country": "JP", "consent": "on"},
            {"name": "No Tick", "email": "notick@example.net", "country": "JP"},
            {"name": "Bad Mail", "email": "not-an-address", "country": "JP", "consent": "on"},
            {"name": "", "email": "noname@example.net", "country": "JP", "consent": "on"},
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Only people who ticked the box" in page
    assert "Enter a valid email address" in page
    assert "Write the name from the sheet" in page
    assert not EventSignup.objects.exists()
    assert not Supporter.objects.filter(email="aiko@example.net").exists()
    assert not Delivery.objects.exists()


def test_a_forged_or_altered_link_confirms_nothing(event: Event) -> None:
    host_client(event.host).post(
        _url(event),
        _sheet({"name": "Aiko", "email": "aiko@example.net", "country": "JP", "consent": "on"}),
    )
    response = Client().post("/events/sign-up/confirm/forged-token/")
    assert response.status_code == 404
    assert not Consent.objects.exists()


def test_erasing_the_supporter_forgets_their_line_on_the_sheet(event: Event) -> None:
    host_client(event.host).post(
        _url(event),
        _sheet(
            {"name": "Aiko", "email": "aiko@example.net", "country": "JP", "consent": "on"},
            {"name": "Ben", "email": "ben@example.net", "country": "JP", "consent": "on"},
        ),
    )
    aiko = Supporter.objects.get(email="aiko@example.net")
    assert supporter_erase(supporter_id=aiko.pk)
    assert list(EventSignup.objects.values_list("email", flat=True)) == ["ben@example.net"]


def test_a_sheet_holds_a_bounded_number_of_people(event: Event) -> None:
    from writeathon.events import report_views

    report_views.MAX_SIGNUPS_PER_EVENT, limit = 1, report_views.MAX_SIGNUPS_PER_EVENT
    try:
        response = host_client(event.host).post(
            _url(event),
            _sheet(
                {"name": "A", "email": "a@example.net", "country": "JP", "consent": "on"},
                {"name": "B", "email": "b@example.net", "country": "JP", "consent": "on"},
            ),
        )
    finally:
        report_views.MAX_SIGNUPS_PER_EVENT = limit
    assert response.status_code == 400
    assert "holds at most 1 people" in response.content.decode()
    assert not EventSignup.objects.exists() and not Delivery.objects.exists()
