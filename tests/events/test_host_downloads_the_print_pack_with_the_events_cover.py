"""A host downloads the print pack for their event: the campaign's pack, built once in the
background for every host, with their event's cover in front; its text reads back with the
event's title and a case's ask. Another host's event is not theirs to print."""

from __future__ import annotations

from typing import Any

import pytest

from tests.delivery.packs import plain
from tests.delivery.pdf_reading import page_texts
from tests.events.factories import EventFactory, host_client
from writeathon.campaigns.models import Campaign, Case
from writeathon.delivery.models import PrintPack

pytestmark = pytest.mark.django_db


def test_the_host_gets_the_pack_with_their_events_cover(
    campaign: Campaign, case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    event = EventFactory(campaign=campaign, title="Lima school write-a-thon", languages=["en"])
    client = host_client(event.host)
    url = f"/events/host/events/{event.public_id}/print-pack/en/"

    page = client.get(f"/events/host/events/{event.public_id}/")
    assert url in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(url)  # queues the build; the page with its progress
    assert first.status_code == 302
    assert "/print-pack/en/" in first["Location"]
    assert PrintPack.objects.get(campaign=campaign, language="en").status == "ready"

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = plain("\n".join(page_texts(response.content)))
    assert plain("Lima school write-a-thon") in text
    appeal = case.appeals.get(language="en")
    assert plain(appeal.ask[:60]) in text


def test_another_hosts_event_is_not_theirs_to_print(campaign: Campaign) -> None:
    mine, theirs = EventFactory(campaign=campaign), EventFactory(campaign=campaign)
    response = host_client(mine.host).get(f"/events/host/events/{theirs.public_id}/print-pack/en/")
    assert response.status_code == 404
