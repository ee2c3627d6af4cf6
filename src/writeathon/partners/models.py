"""Partner systems that plug into the campaign: a section's website or CRM, an SMS provider,
a school network. Each has API tokens (stored hashed, shown once, with scopes and an
expiry), the log of its calls, and the webhook endpoints the outbox posts events to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from writeathon.core.models import TimeStampedModel
from writeathon.sections.models import Section


class Scope(models.TextChoices):
    COUNTS_READ = "counts:read", _("Read counts")
    ACTIONS_WRITE = "actions:write", _("Record actions and tallies")
    # Record a supporter's action as already confirmed: the partner has confirmed the
    # address itself (its own double opt-in). Never given lightly.
    ACTIONS_CONFIRMED = "actions:confirmed", _("Record actions as already confirmed")
    PEOPLE_READ = "people:read", _("Read people")
    EVENTS_MANAGE = "events:manage", _("Manage events")


class WebhookEvent(models.TextChoices):
    ACTION_CONFIRMED = "action.confirmed", _("An action was confirmed")
    DELIVERY_DELIVERED = "delivery.delivered", _("A letter or message was delivered")
    DELIVERY_DEAD = "delivery.dead", _("A letter or message could not be delivered")
    OUTCOME_POSTED = "outcome.posted", _("An outcome was posted on a case")
    EVENT_REPORTED = "event.reported", _("An event reported what was written")
    PING = "ping", _("A test event sent by staff")


class Partner(TimeStampedModel):
    """An organisation or system using the API. A section's partner sees that section's
    people and counts; a partner with no section is international."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("section"),
        help_text=_("Empty for an international partner, who sees every section."),
    )
    contact_email = models.EmailField(_("contact address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiToken(TimeStampedModel):
    """A bearer token: only its SHA-256 is stored; the token is shown once, when made."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100)
    # The first characters, to recognise a token in lists and logs.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > now)
            and self.partner.is_active
        )


class ApiCall(models.Model):
    """One call made with a token: kept for staff and the partner's questions."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="calls")
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    milliseconds = models.PositiveIntegerField(_("time (ms)"))
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class IdempotentRequest(models.Model):
    """The answer given to a POST with an Idempotency-Key, returned again for a retry."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    # What the request asked: the same key with another request is an error, not a replay.
    request_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="one_answer_per_key")]

    def __str__(self) -> str:
        return f"{self.key}: {self.status}"


class WebhookEndpoint(TimeStampedModel):
    """Where the outbox posts a partner's events, signed with the endpoint's secret."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=500)
    # Needed to sign each event; shown to staff once, when the endpoint is made.
    secret = models.CharField(max_length=64, editable=False)
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["partner", "pk"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.url}"
