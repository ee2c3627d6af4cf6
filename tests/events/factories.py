"""Hosts, events and the actors around event reports, for tests (straight through the ORM:
the host's own sign-in is not what these tests are about)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from writeathon.campaigns.models import Campaign
from writeathon.events.links import host_fingerprint
from writeathon.events.models import Event, Host
from writeathon.events.views import HOST_SESSION_KEY
from writeathon.sections.models import Section, StaffMembership


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Host

    email = factory.Sequence(lambda n: f"host{n}@example.net")
    name = factory.Sequence(lambda n: f"Host {n}")
    country = "JP"
    language = "en"
    status = Host.Status.APPROVED
    confirmed_at = factory.LazyFunction(timezone.now)


class EventFactory(factory.django.DjangoModelFactory):
    """An approved two-hour school write-a-thon in Tokyo that ended an hour ago."""

    class Meta:
        model = Event

    host = factory.SubFactory(HostFactory)
    title = factory.Sequence(lambda n: f"Write-a-thon {n}")
    kind = Event.Kind.SCHOOL
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    time_zone = "Asia/Tokyo"
    mode = Event.Mode.IN_PERSON
    venue = "School hall"
    city = "Tokyo"
    country = "JP"
    expected_attendees = 20
    languages = factory.LazyFunction(lambda: ["en"])
    status = Event.Status.APPROVED


def open_campaign(campaign: Campaign, *, days_left: int = 10) -> Campaign:
    """Make the campaign end `days_left` days from today, so reports are open now."""
    campaign.closes_at = timezone.now() + timedelta(days=days_left)
    campaign.reporting_deadline = None
    campaign.save(update_fields=["closes_at", "reporting_deadline"])
    return campaign


def host_client(host: Host) -> Client:
    """A browser signed in as `host`, as the host's email link signs them in."""
    client = Client()
    session = client.session
    session[HOST_SESSION_KEY] = {"id": host.pk, "fp": host_fingerprint(host)}
    session.save()
    return client


def section(country: str, name: str) -> Section:
    """The section of `country` (the sample data has Peru and Jordan), made if absent."""
    found, _created = Section.objects.get_or_create(
        country=country, defaults={"name": name, "short_name": name}
    )
    return found


def events_staff(
    username: str,
    *,
    section: Section | None,
    permissions: tuple[str, ...] = ("review_reports", "import_tallies"),
) -> Any:
    """Named staff of `section` (None: international staff) who review reports and import."""
    user = get_user_model().objects.create_user(
        username=username, password="pw-staff-123456", is_staff=True
    )
    StaffMembership.objects.create(user=user, section=section, is_international=section is None)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="events", codename__in=permissions)
    )
    return user


def staff_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
