"""What screening found, what a flood is compared with, and what moderators decided."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScreeningResult(models.Model):
    """Why screening held an action's message: its deliveries are created held.

    Only held messages have a row (a rejected one is never stored; one that passed needs
    none). ``reasons`` holds the reason codes separated by spaces (see
    writeathon.moderation.screening.REASON_CODES), so that the queue can filter on them
    with a plain ``contains`` on every database.
    """

    class Verdict(models.TextChoices):
        HOLD = "hold", _("Held for review")

    action = models.OneToOneField(
        "actions.Action", on_delete=models.CASCADE, related_name="screening"
    )
    verdict = models.CharField(
        _("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.HOLD
    )
    reasons = models.CharField(_("reasons"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("screened"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")

    def __str__(self) -> str:
        return f"{self.action_id}: {self.verdict} ({self.reasons})"

    @property
    def reason_codes(self) -> list[str]:
        return self.reasons.split()

    @property
    def reason_labels(self) -> list[str]:
        from writeathon.moderation.screening import reason_label

        return [reason_label(code) for code in self.reason_codes]


class RecentMessage(models.Model):
    """A message recently accepted from one source, to spot floods of near-duplicates.

    ``source_hash`` is a keyed hash of the client address (or email address): the table
    never holds it in clear. ``fingerprint`` is the message normalised and cut short;
    rows are deleted once older than MODERATION_FLOOD_WINDOW_HOURS.
    """

    source_hash = models.CharField(_("source"), max_length=64)
    case = models.ForeignKey(
        "campaigns.Case", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    fingerprint = models.TextField(_("fingerprint"))
    # Near the campaign's sample letter: expected, never counted as a flood.
    is_sample = models.BooleanField(_("near the sample letter"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("recent message")
        verbose_name_plural = _("recent messages")
        indexes = [
            models.Index(fields=["source_hash", "created_at"], name="moderation_recent_source"),
            models.Index(fields=["created_at"], name="moderation_recent_created"),
        ]

    def __str__(self) -> str:
        return f"{self.source_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"


class ModerationDecision(models.Model):
    """A moderator passed a held message on or rejected it: who, when, why it was held."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Passed on")
        REJECT = "reject", _("Rejected")

    delivery = models.ForeignKey(
        "delivery.Delivery", on_delete=models.CASCADE, related_name="moderation_decisions"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    # The screening reason codes when the decision was made (empty: read as a matter of
    # course, like every message of solidarity).
    reasons = models.CharField(_("reasons"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-decided_at", "-pk"]
        permissions = [("moderate", _("Can read and decide messages held for review"))]

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.decision}"

    @property
    def reason_codes(self) -> list[str]:
        return self.reasons.split()

    @property
    def reason_labels(self) -> list[str]:
        from writeathon.moderation.screening import reason_label

        return [reason_label(code) for code in self.reason_codes]
