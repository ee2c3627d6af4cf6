"""Reporting's own table: the steps of the way to an action that no other table records
(case-page views, forms started and sent), counted in the cache and flushed here, and the
deliveries made, counted from the outbox. The tallies it reads belong to writeathon.actions
(actions.models.Tally), which keeps them current as it confirms actions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from writeathon.campaigns.models import Campaign, Case


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
