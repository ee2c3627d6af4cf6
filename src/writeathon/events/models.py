"""Write-a-thons: hosts, their events, who is coming, and what was written there.

Most of a campaign's paper letters are written at events. A host signs in with an email
link (no password), creates events that staff may review, people RSVP, and after the event
the host reports what was written: those counts come in through the one intake service
(usecases.intake.count_report_submit, source "event") as CountReports whose reference
starts with the event's own (`Event.count_reference_prefix`).
"""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from writeathon.campaigns.models import Campaign, Case
from writeathon.core.models import TimeStampedModel
from writeathon.sections.models import Section, languages_validate


def time_zone_validate(value: str) -> None:
    """An IANA time zone name this machine knows ("Asia/Tokyo", "America/Lima")."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("Choose a time zone from the list, for example Europe/Paris."),
            code="invalid_time_zone",
        )


class Host(TimeStampedModel):
    """A person who runs write-a-thons: a teacher, a librarian, a student group's organiser.

    Known by their email address (canonical form, see core), signed in with a link sent to
    it. Once staff approve a host, later events of theirs need no review (when the campaign
    asks for review at all).
    """

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    # Which section's staff look after this host: from the host's country.
    country = CountryField(_("country"))
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosts",
        verbose_name=_("section"),
    )
    language = models.CharField(_("language"), max_length=10)
    organisation = models.CharField(_("school, group or organisation"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    # Why staff refused the host, in words the host reads.
    review_reason = models.TextField(_("reason"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # When the host first opened a sign-in link: the address is theirs.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("host")
        verbose_name_plural = _("hosts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_trusted(self) -> bool:
        return self.status == self.Status.APPROVED


class Event(TimeStampedModel):
    """One write-a-thon: when and where, for which cases, and who may see it."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        UNIVERSITY = "university", _("University")
        GROUP = "group", _("Group")
        LIBRARY = "library", _("Library")
        FAITH = "faith", _("Faith community")
        HOME = "home", _("Home")
        OTHER = "other", _("Other")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        # Waiting for staff (a new host's event when the campaign asks for review, or a
        # title or description that screening held).
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled by the host")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    host = models.ForeignKey(Host, on_delete=models.PROTECT, related_name="events")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="events")
    cases = models.ManyToManyField(Case, related_name="events", blank=True, verbose_name=_("cases"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Stored in UTC; shown in `time_zone` to the host and in the reader's zone if asked.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[time_zone_validate])
    mode = models.CharField(_("where"), max_length=10, choices=Mode.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # For an online event, the host's country: it decides the section and the finder.
    country = CountryField(_("country"))
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("section"),
    )
    # Given to those who RSVP, never shown on the public page.
    online_link = models.URLField(_("link to join"), blank=True)
    is_public = models.BooleanField(_("listed publicly"), default=True)
    expected_attendees = models.PositiveIntegerField(_("expected attendees"))
    # Nobody more is taken once this many have said they are coming; empty: no limit.
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, validators=[languages_validate])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Why staff refused it, or why screening held it, in words staff (and the host) read.
    review_reason = models.TextField(_("reason"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "is_public", "starts_at"], name="event_finder"),
            models.Index(fields=["country", "starts_at"], name="event_country"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def count_reference_prefix(self) -> str:
        """What the references of this event's CountReports start with."""
        return f"event:{self.pk}:"


class Rsvp(TimeStampedModel):
    """Someone coming to an event: confirmed by a link sent to their address."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Coming")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_rsvp_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.event}"


class EventMessage(TimeStampedModel):
    """A message a host wrote to the people coming to their event, sent through the outbox.

    Kept so that each email is written when it goes (its row names this message) and so
    that a host's messages per day can be counted.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("message to attendees")
        verbose_name_plural = _("messages to attendees")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


# What hosts report after an event and the tally files staff import (kept in their own module).
from writeathon.events.report_models import (  # noqa: E402
    EventReport,
    EventSignup,
    ReportRules,
    TallyImport,
)

__all__ = [
    "Event",
    "EventMessage",
    "EventReport",
    "EventSignup",
    "Host",
    "ReportRules",
    "Rsvp",
    "TallyImport",
]
