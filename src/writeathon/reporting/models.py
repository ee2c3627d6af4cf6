from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from writeathon.campaigns.models import Campaign, Case


class Tally(models.Model):
    """Confirmed actions per case, kept current in the transaction that confirms an action.

    Each case has several shards so that increments at a peak spread over rows instead
    of queueing on one row lock; a count is the sum of a case's shards.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tallies")
    shard = models.PositiveSmallIntegerField()
    total = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(fields=["case", "shard"], name="tally_case_shard_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.shard}: {self.total}"
