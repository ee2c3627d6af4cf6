"""The demo's sample write-a-thons: a school, a library, a university and an online event in
several countries and time zones, and one that took place already (for its report)."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from writeathon.campaigns.models import Campaign, Case
from writeathon.events.models import Event
from writeathon.events.services import EventDetails, sample_event_store, sample_host_store

# Fixed ids: loading the sample again refreshes these events instead of adding more.
SAMPLE_EVENTS: list[dict[str, Any]] = [
    {
        "public_id": "6f1c2a10-0000-4000-8000-000000000001",
        "host": ("profesora.rojas@example.org", "Lucía Rojas", "PE", "es", "Colegio Miraflores"),
        "title": "Maratón de cartas del Colegio Miraflores",
        "description": "Los alumnos de quinto escriben por los casos de la campaña.",
        "kind": Event.Kind.SCHOOL,
        "zone": "America/Lima",
        "days": 10,
        "hour": 15,
        "place": ("Colegio Miraflores, Av. Larco 400", "Lima", "PE"),
        "languages": ["es"],
        "attendees": 60,
    },
    {
        "public_id": "6f1c2a10-0000-4000-8000-000000000002",
        "host": ("maktaba@example.org", "Rania Haddad", "JO", "ar", "مكتبة عمّان العامة"),
        "title": "ماراثون الرسائل في مكتبة عمّان",
        "description": "تعالوا نكتب معاً من أجل حقوق الإنسان.",
        "kind": Event.Kind.LIBRARY,
        "zone": "Asia/Amman",
        "days": 12,
        "hour": 17,
        "place": ("مكتبة عمّان العامة", "Amman", "JO"),
        "languages": ["ar", "en"],
        "attendees": 25,
    },
    {
        "public_id": "6f1c2a10-0000-4000-8000-000000000003",
        "host": ("kenji.sato@example.org", "Kenji Sato", "JP", "en", "Tokyo student group"),
        "title": "Online write-a-thon: letters across time zones",
        "description": "Join from anywhere: we write emails and cards together online.",
        "kind": Event.Kind.GROUP,
        "zone": "Asia/Tokyo",
        "days": 14,
        "hour": 19,
        "place": None,
        "languages": ["en"],
        "attendees": 40,
    },
    {
        "public_id": "6f1c2a10-0000-4000-8000-000000000004",
        "host": ("amina.otieno@example.org", "Amina Otieno", "KE", "en", "Nairobi University"),
        "title": "Nairobi University write-a-thon",
        "description": "Students wrote cards and letters on campus.",
        "kind": Event.Kind.UNIVERSITY,
        "zone": "Africa/Nairobi",
        "days": -5,  # over already: its host reports what was written
        "hour": 14,
        "place": ("Main Library, University Way", "Nairobi", "KE"),
        "languages": ["en"],
        "attendees": 80,
    },
]


def _starts(days: int, hour: int, zone: str) -> datetime:
    day = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo(zone))


@transaction.atomic
def sample_events_load(*, campaign: Campaign) -> list[Event]:
    """Create or refresh the sample events, dated from today. Safe to run again."""
    cases = list(Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED)[:3])
    events = []
    for data in SAMPLE_EVENTS:
        email, name, country, language, organisation = data["host"]
        host = sample_host_store(
            email=email, name=name, country=country, language=language, organisation=organisation
        )
        starts = _starts(data["days"], data["hour"], data["zone"])
        place = data["place"]
        details = EventDetails(
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            time_zone=data["zone"],
            mode=Event.Mode.IN_PERSON if place else Event.Mode.ONLINE,
            venue=place[0] if place else "",
            city=place[1] if place else "",
            country=place[2] if place else country,
            online_link="" if place else "https://meet.example.org/write-a-thon",
            is_public=True,
            expected_attendees=data["attendees"],
            capacity=None,
            languages=data["languages"],
            cases=cases,
        )
        events.append(
            sample_event_store(
                host=host,
                campaign=campaign,
                details=details,
                status=Event.Status.APPROVED,
                public_id=data["public_id"],
            )
        )
    return events
