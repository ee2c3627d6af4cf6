"""Private events are never listed (in the list, the map or its table), only reached by
their link; a host's email and a home's address are never shown to the public."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.events.helpers import event_make, host_make
from writeathon.campaigns.models import Campaign
from writeathon.events.models import Event


def test_private_events_are_reached_only_by_their_link(campaign: Campaign) -> None:
    listed = event_make(campaign, title="Open letters evening", country="PE")
    private = event_make(
        campaign,
        title="Class 4B only",
        country="JP",
        city="Osaka",
        is_public=False,
        time_zone="Asia/Tokyo",
    )
    client = Client()
    finder = client.get("/events/").content.decode()
    assert listed.title in finder and private.title not in finder
    assert 'href="?country=JP"' not in finder  # the table of countries does not count it
    assert 'href="?country=PE"' in finder
    for query in ("?country=JP", "?city=Osaka", f"?q={private.title}"):
        assert private.title not in client.get(f"/events/{query}").content.decode()
    world = client.get("/events/map.svg")
    assert world.status_code == 200 and world["Content-Type"].startswith("image/svg+xml")
    svg = world.content.decode()
    assert "Japan" not in svg and "Peru: 1" in svg

    page = client.get(f"/events/{private.public_id}/")
    assert page.status_code == 200 and private.title in page.content.decode()


def test_waiting_and_refused_events_are_not_shown_at_all(campaign: Campaign) -> None:
    host = host_make("new@example.org", trusted=False)
    waiting = event_make(campaign, host=host)
    assert waiting.status == Event.Status.PENDING
    client = Client()
    assert client.get(f"/events/{waiting.public_id}/").status_code == 404
    assert waiting.title not in client.get("/events/").content.decode()


@pytest.mark.parametrize("path", ["/events/", "/events/{id}/", "/events/{id}/calendar.ics"])
def test_a_homes_address_and_the_hosts_email_are_never_public(
    campaign: Campaign, path: str
) -> None:
    host = host_make("parent@example.org", name="Parent Host")
    home = event_make(
        campaign, host=host, kind=Event.Kind.HOME, venue="Calle Secreta 12, piso 3", city="Cusco"
    )
    body = Client().get(path.format(id=home.public_id)).content.decode()
    assert "Cusco" in body
    assert "Calle Secreta" not in body
    assert "parent@example.org" not in body


def test_an_online_events_link_goes_only_to_confirmed_people(campaign: Campaign) -> None:
    online = event_make(
        campaign, mode=Event.Mode.ONLINE, online_link="https://meet.example.org/w4r-secret"
    )
    for path in (
        f"/events/{online.public_id}/",
        f"/events/{online.public_id}/calendar.ics",
        "/events/",
    ):
        assert "w4r-secret" not in Client().get(path).content.decode()
