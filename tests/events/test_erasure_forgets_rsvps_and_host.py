"""Erasing a person forgets their RSVPs and their host record; their events stay (the
counts do not move) without their name, address or a home's venue, and the emails waiting
for them are cancelled."""

from __future__ import annotations

import pytest

from tests.events.helpers import event_make, host_make
from writeathon.campaigns.models import Campaign
from writeathon.delivery.models import Delivery
from writeathon.events.models import Event, Host, Rsvp
from writeathon.events.services import rsvp_request
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.privacy import supporter_erase

pytestmark = pytest.mark.django_db


def test_erasure_forgets_a_persons_rsvps_and_host_record(campaign: Campaign) -> None:
    host = host_make("dana@example.org", name="Dana Host")
    home = event_make(campaign, host=host, kind=Event.Kind.HOME, venue="Calle 5, depto 2")
    other = event_make(campaign, host=host_make("other@example.org"))
    rsvp_request(event=other, name="Dana", email="dana@example.org", language="en", base_url="")
    rsvp_request(event=other, name="Eli", email="eli@example.org", language="en", base_url="")
    waiting = Delivery.objects.get(
        recipient="dana@example.org", idempotency_key__startswith="rsvp:"
    )
    supporter, _ = supporter_get_or_create(
        email="dana@example.org", name="Dana", country="PE", language="en"
    )

    assert supporter_erase(supporter_id=supporter.pk)

    assert list(Rsvp.objects.values_list("email", flat=True)) == ["eli@example.org"]
    host.refresh_from_db()
    assert host.name == "" and "dana" not in host.email
    home.refresh_from_db()
    assert home.venue == "" and home.status == Event.Status.APPROVED
    waiting.refresh_from_db()
    assert waiting.status == Delivery.Status.CANCELLED and waiting.recipient == ""
    assert not Host.objects.filter(email="dana@example.org").exists()
