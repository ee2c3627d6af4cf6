"""Building blocks for the write-a-thon tests: hosts, events, signed-in browsers, emails."""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from writeathon.abuse.forms import form_token_make
from writeathon.campaigns.models import Campaign, Case
from writeathon.events.links import host_fingerprint
from writeathon.events.models import Event, Host
from writeathon.events.services import EventDetails, event_create, sample_host_store


def host_make(
    email: str = "teacher@example.org",
    *,
    name: str = "Nadia Teacher",
    country: str = "PE",
    trusted: bool = True,
) -> Host:
    host = sample_host_store(
        email=email, name=name, country=country, language="en", organisation="School 7"
    )
    if not trusted:
        Host.objects.filter(pk=host.pk).update(status=Host.Status.NEW)
        host.refresh_from_db()
    return host


def details(
    campaign: Campaign,
    *,
    title: str = "Letters after school",
    starts_at: datetime | None = None,
    hours: int = 2,
    time_zone: str = "America/Lima",
    mode: str = Event.Mode.IN_PERSON,
    kind: str = Event.Kind.SCHOOL,
    city: str = "Lima",
    country: str = "PE",
    venue: str = "Colegio 7, Av. Arequipa 100",
    is_public: bool = True,
    capacity: int | None = None,
    online_link: str = "",
    description: str = "We write for the campaign's cases, bring a pen.",
) -> EventDetails:
    starts = starts_at or timezone.now() + timedelta(days=3)
    return EventDetails(
        title=title,
        description=description,
        kind=kind,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        time_zone=time_zone,
        mode=mode,
        venue=venue if mode == Event.Mode.IN_PERSON else "",
        city=city,
        country=country,
        online_link=online_link,
        is_public=is_public,
        expected_attendees=20,
        capacity=capacity,
        languages=["es"],
        cases=list(Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED)[:2]),
    )


def event_make(campaign: Campaign, host: Host | None = None, **options: Any) -> Event:
    return event_create(
        host=host or host_make(), campaign=campaign, details=details(campaign, **options)
    )


def host_client(host: Host) -> Client:
    """A browser in which `host` opened their sign-in link."""
    client = Client()
    session = client.session
    session["events_host"] = {"id": host.pk, "fp": host_fingerprint(host)}
    session.save()
    return client


def guarded(**fields: str) -> dict[str, str]:
    """A public form's POST as a person sends it, shown 10 seconds before."""
    return {"website": "", "shown": form_token_make(shown_at=time.time() - 10), **fields}


def event_form_data(campaign: Campaign, **fields: Any) -> dict[str, Any]:
    starts = (timezone.now() + timedelta(days=5)).replace(hour=15, minute=0)
    data: dict[str, Any] = {
        "title": "Write-a-thon at the library",
        "description": "Come and write letters with us.",
        "kind": "library",
        "time_zone": "America/Lima",
        "starts": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "in_person",
        "venue": "Biblioteca Nacional",
        "city": "Lima",
        "country": "PE",
        "online_link": "",
        "is_public": "on",
        "expected_attendees": "25",
        "capacity": "40",
        "languages": ["es"],
        "cases": [
            c.pk for c in Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED)[:1]
        ],
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def emails_to(address: str) -> list[Any]:
    """Send the outbox and return what went to `address` (Django's test mailbox)."""
    outbox_pass()
    return [m for m in mail.outbox if address in m.to]


def link_in(message: Any, pattern: str) -> str:
    found = re.search(rf"https?://\S+{pattern}\S+/", message.body)
    assert found, f"no {pattern} link in {message.body!r}"
    return found.group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]
