"""A host signs up and in with a link emailed to their address: no password, the same
answer for every address, the session only for the link's opener, limits on requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.events.helpers import emails_to, guarded, host_make, link_in, path_of
from writeathon.events.models import Host

pytestmark = pytest.mark.django_db

START = "/events/host/"


def _ask(client: Client, email: str, **fields: str) -> int:
    data = guarded(email=email, name="Nadia Teacher", country="PE", organisation="", **fields)
    return client.post(START, data).status_code


def test_a_new_host_gets_a_link_that_signs_them_in() -> None:
    client = Client()
    response = client.post(
        START, guarded(email="Nadia@Example.org", name="Nadia", country="PE", organisation="")
    )
    assert response.status_code == 302 and response["Location"] == "/events/host/sent/"
    host = Host.objects.get(email="nadia@example.org")
    assert host.status == Host.Status.NEW and host.confirmed_at is None
    assert host.section is None or str(host.section.country) == "PE"

    (message,) = emails_to("nadia@example.org")
    link = path_of(link_in(message, "/events/host/sign-in/"))
    assert client.get("/events/host/events/").status_code == 302  # not yet signed in

    page = client.get(link)  # a mail scanner opening the link signs nobody in
    assert page.status_code == 200
    assert client.get("/events/host/events/").status_code == 302

    assert client.post(link).status_code == 302
    home = client.get("/events/host/events/")
    assert home.status_code == 200 and "Nadia" in home.content.decode()
    host.refresh_from_db()
    assert host.confirmed_at is not None


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address() -> None:
    host_make("known@example.org", name="Known Host")
    known = Client().post(
        START,
        guarded(email="known@example.org", name="Someone Else", country="FR", organisation=""),
    )
    unknown = Client().post(
        START, guarded(email="new@example.org", name="Someone", country="FR", organisation="")
    )
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    # A stranger typing a host's address changes nothing of theirs.
    assert Host.objects.get(email="known@example.org").name == "Known Host"


def test_a_stranger_without_the_link_cannot_act_as_the_host() -> None:
    host = host_make()
    stranger = Client()
    assert _ask(stranger, host.email) == 302
    assert stranger.get("/events/host/events/").status_code == 302
    assert stranger.get("/events/host/sign-in/not-a-token/").status_code == 400


def test_a_link_expires_after_an_hour_and_dies_with_a_changed_address() -> None:
    host = host_make()
    asked_at = timezone.now()
    with time_machine.travel(asked_at, tick=False):
        assert _ask(Client(), host.email) == 302
        (message,) = emails_to(host.email)
    link = path_of(link_in(message, "/events/host/sign-in/"))
    with time_machine.travel(asked_at + timedelta(minutes=61), tick=False):
        expired = Client().get(link)
    assert expired.status_code == 400 and "expired" in expired.content.decode()

    client = Client()
    with time_machine.travel(asked_at + timedelta(minutes=5), tick=False):
        assert client.post(link).status_code == 302
    assert client.get("/events/host/events/").status_code == 200
    Host.objects.filter(pk=host.pk).update(email="moved@example.org")
    assert client.get("/events/host/events/").status_code == 302  # signed out


def test_sign_in_requests_are_limited_per_address(settings: object) -> None:
    settings.RATE_LIMIT_FORM_PER_EMAIL = ((2, 3600),)  # type: ignore[attr-defined]
    client = Client()
    assert [_ask(client, "busy@example.org") for _ in range(3)] == [302, 302, 429]
    assert len(emails_to("busy@example.org")) == 1  # one email a minute whatever the clicks
