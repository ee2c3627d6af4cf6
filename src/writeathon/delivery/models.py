"""The outbox: every message that must reach someone, and what happened to it."""

from __future__ import annotations

import hashlib
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case, Target
from writeathon.core.vocabulary import Channel


class PrivateStorage(FileSystemStorage):
    """Files with personal data (print runs): outside MEDIA_ROOT, readable by the site's user
    only, served to staff through a view that checks permission. The folder is read from
    settings on each use, so that a changed setting (in tests) takes effect."""

    def __init__(self) -> None:
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


class PrintRun(models.Model):
    """A bundle of confirmed letters (or solidarity cards) printed and posted together."""

    class Kind(models.TextChoices):
        LETTERS = "letters", _("Letters to an official")
        CARDS = "cards", _("Solidarity cards")

    class Status(models.TextChoices):
        RENDERING = "rendering", _("Being prepared")
        READY = "ready", _("Ready to print")
        POSTED = "posted", _("Posted")
        FAILED = "failed", _("Could not be prepared")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="print_runs")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="print_runs")
    # The official the letters go to; empty for solidarity cards (they go to the person).
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="print_runs", null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RENDERING
    )
    item_count = models.PositiveIntegerField(_("items"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="print-runs/", storage=private_storage, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )

    class Meta:
        verbose_name = _("print run")
        verbose_name_plural = _("print runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"


# The ways a delivery goes: the ways to act, and webhooks to partners' systems.
WEBHOOK_CHANNEL = "webhook"
DELIVERY_CHANNELS = [*Channel.choices, (WEBHOOK_CHANNEL, _("Webhook"))]


class Delivery(models.Model):
    """One message to one recipient on one channel, sent at most once.

    The idempotency key is unique, so creating the same delivery twice (a retried task, a
    concurrent confirmation) is a no-op; workers claim rows with a conditional update or
    ``SELECT ... FOR UPDATE SKIP LOCKED`` and hold a lease while sending.
    """

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter to an official")
        DIGEST = "digest", _("Daily digest to an official")
        SOLIDARITY = "solidarity", _("Message of solidarity")
        REPLY = "reply", _("Reply to a supporter")
        NOTICE = "notice", _("Notice to a supporter")
        # Emails that carry a personal link: written by the worker when it sends them, so
        # the link is never stored, and never shown to staff.
        CONFIRMATION = "confirmation", _("Confirmation link to a supporter")
        DATA_LINK = "data_link", _("Data page link to a supporter")
        # An event posted to a partner's system (delivery/partner_events.py).
        WEBHOOK = "webhook", _("Event to a partner's system")
        # Written by another app's composer when it goes (delivery/composed.py): an event's
        # emails, an outcome or update to supporters. The row names the composer, no text.
        MESSAGE = "message", _("Email written when it is sent")

    class Status(models.TextChoices):
        HELD = "held", _("Held for review")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        BUNDLED = "bundled", _("In a digest or print run")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed, will be tried again")
        DEAD = "dead", _("Dead")
        # Its workers kept stopping while they held it: staff look before it goes again.
        PARKED = "parked", _("Parked for staff")
        REJECTED = "rejected", _("Rejected by a moderator")
        # Called off before it went, for a reason of the platform's (see CancelReason).
        CANCELLED = "cancelled", _("Cancelled")

    class CancelReason(models.TextChoices):
        ERASED = "erased", _("The supporter's data was erased at their request")
        ERASED_INACTIVE = (
            "erased_inactive",
            _("The supporter's data was erased after a long time without activity"),
        )
        EMAIL_STOPPED = "email_stopped", _("The supporter stopped all email")
        PURGED = "purged", _("Its text was deleted after the retention period")
        NOT_NEEDED = "not_needed", _("No longer needed when it was due to be sent")

    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=DELIVERY_CHANNELS)
    # Empty only for replies to text messages that named no case (HELP, STOP).
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="deliveries", null=True, blank=True
    )
    # Where it goes: an email address, a fax or phone number (E.164), or a postal address.
    recipient = models.CharField(_("recipient"), max_length=500)
    # What to send, fixed when the delivery is created (the letter as the supporter wrote it).
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # Letters to an official who asked for one email a day wait here for the daily digest.
    awaits_digest = models.BooleanField(_("waits for the daily digest"), default=False)
    # Tries made: counted when a worker starts sending, not when it claims.
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Times the row was claimed again after its worker's lease ran out with no outcome
    # recorded; back to 0 with each outcome. Past DELIVERY_MAX_RECLAIMS the row is parked.
    reclaims = models.PositiveIntegerField(_("reclaims"), default=0)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    provider_id = models.CharField(_("provider id"), max_length=200, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Why a cancelled delivery was called off; empty for every other status.
    cancel_reason = models.CharField(
        _("why cancelled"), max_length=20, choices=CancelReason.choices, blank=True
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    bundle = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="parts",
        null=True,
        blank=True,
        verbose_name=_("digest"),
    )
    print_run = models.ForeignKey(
        PrintRun,
        on_delete=models.PROTECT,
        related_name="deliveries",
        null=True,
        blank=True,
        verbose_name=_("print run"),
    )
    # A held message's review: who decided, and when.
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_try_at"], name="delivery_due"),
            models.Index(fields=["channel", "status"], name="delivery_channel_status"),
            models.Index(fields=["target", "status"], name="delivery_target_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.get_channel_display()} to {self.recipient}"

    @property
    def holds_personal_link(self) -> bool:
        """Whether its email opens something of the supporter's: its text is never shown."""
        return self.kind in PERSONAL_LINK_KINDS

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so that a resend is recognisable."""
        return f"<delivery.{self.pk}.{self.idempotency_key_digest}@{settings.MESSAGE_ID_DOMAIN}>"

    @property
    def idempotency_key_digest(self) -> str:
        return hashlib.sha256(self.idempotency_key.encode()).hexdigest()[:16]


PERSONAL_LINK_KINDS = (Delivery.Kind.CONFIRMATION, Delivery.Kind.DATA_LINK)


class DeliveryAttempt(models.Model):
    """One try at sending a delivery: kept for staff, with the outcome and the error."""

    class Outcome(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed, will be tried again")
        DEAD = "dead", _("Failed for good")
        PARKED = "parked", _("Parked for staff")

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveIntegerField(_("attempt"))
    worker = models.CharField(_("worker"), max_length=64)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-finished_at", "-pk"]
        indexes = [
            # Dead letters per hour, for staff and /metrics.
            models.Index(fields=["outcome", "finished_at"], name="delivery_attempt_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.outcome}"


class DeliveryPace(models.Model):
    """When the next call to one destination may start (fax lines take one call at a time)."""

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=500)
    next_allowed_at = models.DateTimeField(_("next call allowed"))

    class Meta:
        verbose_name = _("delivery pace")
        verbose_name_plural = _("delivery paces")
        constraints = [
            models.UniqueConstraint(fields=["channel", "recipient"], name="delivery_pace_unique")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.recipient}"
