"""RSVPs: confirmed by an emailed link, capacity respected, a cancel link, and one reminder
the day before, whatever the number of runs of the periodic job."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.events.helpers import emails_to, event_make, guarded, link_in, path_of
from writeathon.campaigns.models import Campaign
from writeathon.delivery.models import Delivery
from writeathon.events.models import Event, Rsvp
from writeathon.events.services import EventFull, rsvp_confirm, rsvp_reminders_queue, rsvp_request


def _rsvp(client: Client, event: Event, email: str, name: str = "Luis Reader") -> int:
    return client.post(f"/events/{event.public_id}/", guarded(name=name, email=email)).status_code


@pytest.mark.django_db
def test_someone_rsvps_confirms_by_the_link_and_can_cancel(campaign: Campaign) -> None:
    event = event_make(campaign, mode=Event.Mode.ONLINE, online_link="https://meet.example.org/abc")
    client = Client()
    assert _rsvp(client, event, "Luis@Example.net") == 200
    rsvp = Rsvp.objects.get(event=event)
    assert (rsvp.email, rsvp.status) == ("luis@example.net", Rsvp.Status.PENDING)

    (message,) = emails_to("luis@example.net")
    assert event.title in message.subject
    confirm = path_of(link_in(message, "/events/rsvp/confirm/"))
    assert client.get(confirm).status_code == 200
    rsvp.refresh_from_db()
    assert rsvp.status == Rsvp.Status.PENDING  # opening the link is not confirming
    done = client.post(confirm)
    assert done.status_code == 200 and "https://meet.example.org/abc" in done.content.decode()
    rsvp.refresh_from_db()
    assert rsvp.status == Rsvp.Status.CONFIRMED

    cancel = path_of(link_in(message, "/events/rsvp/cancel/"))
    assert client.post(cancel).status_code == 200
    rsvp.refresh_from_db()
    assert rsvp.status == Rsvp.Status.CANCELLED


@pytest.mark.django_db
def test_the_last_place_goes_to_one_person(campaign: Campaign) -> None:
    event = event_make(campaign, capacity=1)
    first = rsvp_request(event=event, name="A", email="a@example.net", language="en", base_url="")
    second = rsvp_request(event=event, name="B", email="b@example.net", language="en", base_url="")
    assert rsvp_confirm(rsvp=first)
    with pytest.raises(EventFull):
        rsvp_confirm(rsvp=second)
    assert _rsvp(Client(), event, "c@example.net") == 409
    assert Rsvp.objects.filter(event=event, status=Rsvp.Status.CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_never_overfill_an_event(campaign: Campaign) -> None:
    event = event_make(campaign, capacity=3)
    rsvps = [
        rsvp_request(
            event=event, name=f"P{n}", email=f"p{n}@example.net", language="en", base_url=""
        )
        for n in range(8)
    ]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(rsvps))

    def confirm(rsvp: Rsvp) -> None:
        barrier.wait()
        try:
            rsvp_confirm(rsvp=rsvp)
            outcomes.append("in")
        except EventFull:
            outcomes.append("full")
        except Exception as exc:  # a locked database must not let anyone in either
            outcomes.append(type(exc).__name__)
        finally:
            # This thread's own connection: closed now, not left for the garbage collector
            # (with persistent connections, close_old_connections keeps a healthy one open).
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(r,)) for r in rsvps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    confirmed = Rsvp.objects.filter(event=event, status=Rsvp.Status.CONFIRMED).count()
    assert confirmed == outcomes.count("in") <= 3
    assert confirmed == 3 or set(outcomes) - {"in", "full"}, outcomes


@pytest.mark.django_db
def test_the_reminder_goes_the_day_before_and_only_once(campaign: Campaign) -> None:
    starts = timezone.now().replace(microsecond=0) + timedelta(days=3)
    event = event_make(campaign, starts_at=starts)
    coming = rsvp_request(
        event=event, name="Ana", email="ana@example.net", language="es", base_url=""
    )
    rsvp_confirm(rsvp=coming)
    rsvp_request(
        event=event, name="Not sure", email="maybe@example.net", language="en", base_url=""
    )
    outbox_pass()
    mail.outbox.clear()

    with time_machine.travel(starts - timedelta(hours=25), tick=False):
        assert rsvp_reminders_queue() == 0
    with time_machine.travel(starts - timedelta(hours=23), tick=False):
        assert rsvp_reminders_queue() == 1
        assert rsvp_reminders_queue() == 0  # a second run, or a second worker
        outbox_pass()
    with time_machine.travel(starts - timedelta(hours=2), tick=False):
        assert rsvp_reminders_queue() == 0
        outbox_pass()
    assert [m.to for m in mail.outbox] == [["ana@example.net"]]
    assert "Mañana" in mail.outbox[0].subject or event.title in mail.outbox[0].subject
    assert Delivery.objects.filter(idempotency_key=f"rsvp:{coming.pk}:reminder").count() == 1


@pytest.mark.django_db
def test_a_reminder_for_a_cancelled_event_is_not_sent(campaign: Campaign) -> None:
    starts = timezone.now() + timedelta(hours=10)
    event = event_make(campaign, starts_at=starts)
    coming = rsvp_request(
        event=event, name="Ana", email="ana@example.net", language="en", base_url=""
    )
    rsvp_confirm(rsvp=coming)
    assert rsvp_reminders_queue() == 1
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    mail.outbox.clear()
    outbox_pass()
    assert [m for m in mail.outbox if "Tomorrow" in m.subject] == []
