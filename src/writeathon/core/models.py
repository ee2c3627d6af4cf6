from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PeriodicJob(models.Model):
    """The last run of a periodic job, claimed with a conditional update so that
    any number of workers on any number of hosts run each job once per period."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(_("last duration (ms)"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name
