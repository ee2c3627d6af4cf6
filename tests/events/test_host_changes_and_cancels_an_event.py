"""A host changes their event (screened again) and cancels it: the people coming are told,
the finder drops it, nobody can join it, and its calendar file says it is cancelled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.events.helpers import event_form_data, event_make, guarded, host_client, host_make
from writeathon.campaigns.models import Campaign
from writeathon.events.models import Event, Rsvp
from writeathon.events.services import rsvp_confirm, rsvp_reminders_queue, rsvp_request

pytestmark = pytest.mark.django_db


def test_a_host_changes_their_event_and_the_change_is_screened(campaign: Campaign) -> None:
    host = host_make()
    event = event_make(campaign, host=host)
    edit = f"/events/host/events/{event.public_id}/edit/"
    client = host_client(host)
    form = client.get(edit)
    assert form.status_code == 200 and event.title in form.content.decode()

    assert client.post(edit, event_form_data(campaign, title="Letters and tea")).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.status) == ("Letters and tea", Event.Status.APPROVED)

    shouting = "WRITE LETTERS WITH US AND BRING EVERY FRIEND YOU HAVE TO THE LIBRARY NOW"
    client.post(edit, event_form_data(campaign, description=shouting))
    event.refresh_from_db()
    assert event.status == Event.Status.PENDING and event.review_reason

    stranger = host_client(host_make("other@example.org"))
    assert stranger.get(edit).status_code == 404
    assert stranger.post(f"/events/host/events/{event.public_id}/cancel/").status_code == 404


def test_cancelling_tells_the_people_coming_and_closes_the_event(campaign: Campaign) -> None:
    host = host_make()
    event = event_make(campaign, host=host)
    coming = rsvp_request(
        event=event, name="Ana", email="ana@example.net", language="es", base_url=""
    )
    rsvp_confirm(rsvp=coming)
    rsvp_request(event=event, name="Maybe", email="maybe@example.net", language="en", base_url="")
    outbox_pass()
    mail.outbox.clear()

    response = host_client(host).post(f"/events/host/events/{event.public_id}/cancel/")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    outbox_pass()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ana@example.net"], f"Cancelado: {event.title}")
    ]
    assert "http://testserver/events/" in mail.outbox[0].body

    visitor = Client()
    assert event.title not in visitor.get("/events/").content.decode()
    page = visitor.get(f"/events/{event.public_id}/")
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
    refused = visitor.post(
        f"/events/{event.public_id}/", guarded(name="Late", email="late@example.net")
    )
    assert refused.status_code == 409
    assert not Rsvp.objects.filter(email="late@example.net").exists()
    assert b"STATUS:CANCELLED" in visitor.get(f"/events/{event.public_id}/calendar.ics").content


def test_reminders_link_back_to_the_site_the_rsvp_was_made_on(campaign: Campaign) -> None:
    event = event_make(campaign, starts_at=timezone.now() + timedelta(hours=20))
    Client().post(f"/events/{event.public_id}/", guarded(name="Ana", email="ana@example.net"))
    rsvp_confirm(rsvp=Rsvp.objects.get(email="ana@example.net"))
    outbox_pass()
    mail.outbox.clear()
    assert rsvp_reminders_queue() == 1
    outbox_pass()
    (reminder,) = mail.outbox
    assert f"http://testserver/events/{event.public_id}/" in reminder.body
    assert "http://testserver/events/rsvp/cancel/" in reminder.body
