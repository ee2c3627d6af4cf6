"""Counters behind rate limits, hourly traffic for staff, and block and allow lists."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RateCounter(models.Model):
    """Requests counted in one fixed window, when the counters live in the database.

    ``key`` is a keyed hash of the IP address, email address or phone number: the table
    never holds them in clear. ``scope`` names what is limited and the window's length.
    """

    scope = models.CharField(_("scope"), max_length=60)
    key = models.CharField(_("key"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="abuse_ratecounter_unique_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="abuse_ratecounter_start")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.window_start:%Y-%m-%d %H:%M:%S}: {self.count}"


class UsedFormStamp(models.Model):
    """The "shown at" stamp of a public form that was accepted once, when the rate limits'
    counters live in the database (abuse.forms.GuardedForm): the same stamp is refused
    after, unless with the very same submission (a double click). Deleted once the stamp
    would be too old to pass anyway."""

    nonce = models.CharField(_("nonce"), max_length=40, unique=True)
    # A keyed hash of what was submitted with it: not reversible without SECRET_KEY.
    submission = models.CharField(_("submission"), max_length=64)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("used form stamp")
        verbose_name_plural = _("used form stamps")

    def __str__(self) -> str:
        return f"{self.nonce[:8]} {self.expires_at:%Y-%m-%d %H:%M:%S}"


class TrafficHour(models.Model):
    """Public form submissions in one clock hour from one client address or email domain.

    Staff see the busiest ones at /staff/abuse/ to decide what to block. The address is
    personal data: rows are deleted after ABUSE_TRAFFIC_KEEP_DAYS.
    """

    class Kind(models.TextChoices):
        IP = "ip", _("IP address")
        DOMAIN = "domain", _("Email domain")

    hour = models.DateTimeField(_("hour"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=255)
    submissions = models.PositiveIntegerField(_("submissions"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)

    class Meta:
        verbose_name = _("hourly traffic")
        verbose_name_plural = _("hourly traffic")
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "kind", "value"], name="abuse_traffichour_unique_value"
            )
        ]
        indexes = [models.Index(fields=["kind", "hour"], name="abuse_traffichour_kind_hour")]

    def __str__(self) -> str:
        return f"{self.hour:%Y-%m-%d %H:00} {self.kind} {self.value}"


class AccessRule(models.Model):
    """A client address, network, email domain or address that is blocked or allowed.

    Blocked: its public forms are refused. Allowed: exempt from the per-address limit (an
    IP or network, e.g. a school registered by an event host) or from the per-email limit
    (an email address or domain). A block wins over an allow.
    """

    class Kind(models.TextChoices):
        IP = "ip", _("IP address")
        NETWORK = "network", _("Network (CIDR)")
        EMAIL_DOMAIN = "email_domain", _("Email domain")
        EMAIL = "email", _("Email address")

    class Action(models.TextChoices):
        BLOCK = "block", _("Block")
        ALLOW = "allow", _("Allow")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Normalised: a compressed IP address, a network in CIDR form, a domain or an email
    # address in canonical form (writeathon.core.email_address: email_domain_canonical and
    # email_canonical; an international domain in its ASCII form).
    value = models.CharField(_("value"), max_length=254)
    action = models.CharField(
        pgettext_lazy("access rule", "action"), max_length=10, choices=Action.choices
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("access rule")
        verbose_name_plural = _("access rules")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="abuse_accessrule_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.get_kind_display()} {self.value}"

    @property
    def is_active(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()
