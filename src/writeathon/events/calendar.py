"""An event as an iCalendar file (RFC 5545), for the reader's calendar program.

Written with the `icalendar` package: it folds long lines and escapes text (commas,
semicolons, new lines) as the RFC asks, which hand-written files often get wrong.
"""

from __future__ import annotations

from datetime import datetime

import icalendar
from django.utils import timezone

from writeathon.events.models import Event


def event_ics(*, event: Event, url: str, location: str, now: datetime | None = None) -> bytes:
    """The event as a calendar with one VEVENT; times in UTC. `location` is what the public
    may know of where it is (never a home's address)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Writeathon//Write-a-thons//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    entry.add("uid", f"{event.public_id}@writeathon")
    entry.add("dtstamp", now or timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("description", f"{event.description}\n\n{url}".strip())
    entry.add("url", url)
    if location:
        entry.add("location", location)
    if event.status == Event.Status.CANCELLED:
        entry.add("status", "CANCELLED")
    calendar.add_component(entry)
    ical: bytes = calendar.to_ical()
    return ical
