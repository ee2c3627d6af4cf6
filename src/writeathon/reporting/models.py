"""Reporting's own tables: updates to supporters (what staff write to those who agreed to hear
from the campaign), and the funnel of the staff reports (case-page views, forms started and
sent, counted in the cache and flushed here; deliveries counted from the outbox).

Updates to supporters: what staff write to those who agreed to hear from the campaign.

The tallies reporting reads belong to writeathon.actions (actions.models.Tally), which keeps
them current as it confirms actions; the tables here are reporting's own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from writeathon.campaigns.models import Campaign, Case, Outcome


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class Update(models.Model):
    """One update to an audience of supporters, written in one or more languages and sent
    through the outbox once to each supporter who agreed to hear from the campaign."""

    class Audience(models.TextChoices):
        CAMPAIGN = "campaign", _("Everyone who acted in the campaign")
        CASE = "case", _("Everyone who acted on one case")
        SECTION = "section", _("A section's supporters")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # The background job is putting its emails in the outbox, batch by batch.
        QUEUING = "queuing", _("Being queued")
        QUEUED = "queued", _("Queued in the outbox")

    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="updates", verbose_name=_("campaign")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("case"),
    )
    section = models.ForeignKey(
        "sections.Section",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("section"),
    )
    # The outcome this update tells of, for the email that follows an outcome: one at most.
    outcome = models.OneToOneField(
        Outcome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="update",
        verbose_name=_("outcome"),
    )
    fallback_language = models.CharField(
        _("fallback language"),
        max_length=10,
        choices=_language_choices,
        default="en",
        help_text=_("Supporters whose language has no text get this one."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    # The site's address when sending was asked for: the emails' links start with it.
    base_url = models.CharField(_("site address"), max_length=200, blank=True)
    send_requested_at = models.DateTimeField(_("sending asked for"), null=True, blank=True)
    queued_at = models.DateTimeField(_("all queued"), null=True, blank=True)
    # How many supporters the job queued an email for (each at most once).
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("update to supporters")
        verbose_name_plural = _("updates to supporters")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_audience_display()}"

    @property
    def key_prefix(self) -> str:
        """The start of the outbox key of each of its emails: `update:<id>:<supporter>`."""
        return f"update:{self.pk}:"


class UpdateText(models.Model):
    """An update's subject and text in one language."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=_language_choices)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("text"), max_length=10_000)

    class Meta:
        verbose_name = _("update text")
        verbose_name_plural = _("update texts")
        constraints = [
            models.UniqueConstraint(fields=["update", "language"], name="update_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.update} [{self.language}]"


class FunnelCount(models.Model):
    """How many visitors reached one step of the way to an action, per case and day."""

    class Stage(models.TextChoices):
        VIEWED = "viewed", _("Case page viewed")
        STARTED = "started", _("Form sent")
        SUBMITTED = "submitted", _("Action recorded")
        DELIVERED = "delivered", _("Delivered")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    day = models.DateField(_("day"))
    count = models.BigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("funnel count")
        verbose_name_plural = _("funnel counts")
        constraints = [
            models.UniqueConstraint(fields=["case", "stage", "day"], name="funnel_case_stage_day")
        ]
        indexes = [models.Index(fields=["campaign", "day"], name="funnel_campaign_day")]
        # Who may open the staff reports (/staff/reports/): staff, analysts. Read-only.
        permissions = [("view_reports", _("Can see the reports and download their tables"))]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.day}: {self.count}"
