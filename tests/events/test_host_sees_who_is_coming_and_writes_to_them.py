"""The host sees who is coming (names, count, addresses only to them) and writes to them
through the outbox: screened, to confirmed people only, at most three messages a day."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.delivery.outbox import outbox_pass
from tests.events.helpers import event_make, host_client, host_make
from writeathon.campaigns.models import Campaign
from writeathon.delivery.models import Delivery
from writeathon.events.models import EventMessage
from writeathon.events.services import rsvp_confirm, rsvp_request

pytestmark = pytest.mark.django_db


def _coming(campaign: Campaign):  # type: ignore[no-untyped-def]
    host = host_make()
    event = event_make(campaign, host=host)
    for name, email in (("Ana", "ana@example.net"), ("Bo", "bo@example.net")):
        rsvp_confirm(
            rsvp=rsvp_request(event=event, name=name, email=email, language="en", base_url="")
        )
    rsvp_request(
        event=event, name="Waiting Will", email="will@example.net", language="en", base_url=""
    )
    outbox_pass()
    mail.outbox.clear()
    return host, event


def test_the_host_sees_names_and_addresses_of_who_is_coming(campaign: Campaign) -> None:
    host, event = _coming(campaign)
    page = host_client(host).get(f"/events/host/events/{event.public_id}/").content.decode()
    assert "2 people have confirmed" in page
    assert "ana@example.net" in page and "Bo" in page
    assert "Waiting Will" not in page
    # Another host, or the public, sees none of it.
    other = host_client(host_make("other@example.org"))
    assert other.get(f"/events/host/events/{event.public_id}/").status_code == 404
    assert "ana@example.net" not in Client().get(f"/events/{event.public_id}/").content.decode()


def test_the_hosts_message_goes_to_confirmed_people_through_the_outbox(campaign: Campaign) -> None:
    host, event = _coming(campaign)
    client = host_client(host)
    url = f"/events/host/events/{event.public_id}/message/"
    response = client.post(url, {"subject": "Bring pens", "body": "We start at five sharp."})
    assert response.status_code == 302
    assert Delivery.objects.filter(idempotency_key__startswith="event-message:").count() == 2
    outbox_pass()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.net", "bo@example.net"]
    assert all("We start at five sharp." in m.body for m in mail.outbox)
    assert all(host.email not in m.body for m in mail.outbox)

    for n in range(2):
        assert (
            client.post(url, {"subject": f"More {n}", "body": "Another note."}).status_code == 302
        )
    refused = client.post(url, {"subject": "Fourth", "body": "One too many."})
    assert refused.status_code == 429
    assert EventMessage.objects.filter(event=event).count() == 3


def test_a_hosts_message_is_screened(campaign: Campaign) -> None:
    host, event = _coming(campaign)
    response = host_client(host).post(
        f"/events/host/events/{event.public_id}/message/",
        {"subject": "Warning", "body": "I will kill you if you come late."},
    )
    assert response.status_code == 400
    assert EventMessage.objects.count() == 0
    assert not Delivery.objects.filter(idempotency_key__startswith="event-message:").exists()
