"""What hosts report after a write-a-thon, who signed the paper sheet there, the ratio that
decides when a report is held, and the tally files staff import.

The counts themselves are CountReports (writeathon.actions), recorded through the one
intake service; these records hold what is not a count: how many took part, who typed what
and when, the state of an import.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from writeathon.campaigns.models import Campaign
from writeathon.events.models import Event
from writeathon.sections.models import Section


class EventReport(models.Model):
    """The host's report on one event: how many took part, and the state of its lines
    (the CountReports whose reference starts with the event's prefix)."""

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        HELD = "held", _("Held for review")
        REFUSED = "refused", _("Refused")

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="report")
    attendees = models.PositiveIntegerField(_("people who took part"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COUNTED
    )
    # The plausibility rule's explanation while held, or staff's reason for a refusal.
    review_reason = models.TextField(_("reason"), blank=True)
    # The largest total staff accepted: a correction up to it is not held again.
    approved_total = models.PositiveIntegerField(_("approved total"), default=0)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    submitted_at = models.DateTimeField(_("reported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event report")
        verbose_name_plural = _("event reports")
        ordering = ["-updated_at", "-pk"]
        permissions = [("review_reports", "Can review held event reports")]

    def __str__(self) -> str:
        return f"Report on {self.event}"


class ReportRules(models.Model):
    """How many actions one person can plausibly write in an hour at an event, per
    campaign; without a row, settings.EVENT_ACTIONS_PER_ATTENDEE_HOUR."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="+")
    actions_per_attendee_hour = models.PositiveIntegerField(_("actions per person per hour"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("report rules")
        verbose_name_plural = _("report rules")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.actions_per_attendee_hour}/h"


class EventSignup(models.Model):
    """A person on an event's paper sign-up sheet, typed in by the host.

    They join the mailing list (a Consent in writeathon.supporters) only when they follow
    the link sent to their address; until then the words they ticked wait here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    country = CountryField(_("country"))
    language = models.CharField(_("language"), max_length=10)
    supporter = models.ForeignKey(
        "supporters.Supporter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_text = models.TextField(_("text shown"))
    consent_version = models.CharField(_("version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("typed in"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_signup_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event_id})"


class TallyImport(models.Model):
    """One tally file a staff member uploaded: its checked rows, its errors, its progress.

    Rows are checked when the file is uploaded (the preview); a file with any error counts
    nothing. Started, it runs in the background and counts every row or none.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Checked, not imported")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # The uploader's section (empty for international staff): who sees the import.
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    # The checked rows, as the import will record them (ids and ISO dates).
    rows = models.JSONField(default=list)
    # [{"row": 4, "column": "count", "message": "..."}], in words staff read.
    errors = models.JSONField(default=list)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    count_total = models.PositiveBigIntegerField(default=0)
    # What the tallies moved by when it ran (0 for a file imported before).
    moved = models.BigIntegerField(default=0)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tally import")
        verbose_name_plural = _("tally imports")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_tallies", "Can import offline tallies")]

    def __str__(self) -> str:
        return self.filename

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.rows_done * 100 // self.rows_total)
