from __future__ import annotations

from django.conf import settings
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


class PersonalDataAccess(models.Model):
    """One look by staff at personal data: who, when, what and where. Kept for audits.

    The path is stored without its query string, so that a search for an address typed
    into the admin does not put the address itself into the log.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as text too: the log must still say who looked after an account is deleted.
    username = models.CharField(_("username"), max_length=150)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    what = models.CharField(_("what"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    path = models.CharField(_("page"), max_length=500)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.username} {self.what} {self.object_id}".strip()


class SecondFactorEnrolment(models.Model):
    """A one-time link with which a staff account sets up its authenticator app.

    A password alone must not be enough to choose the second factor of an account that has
    none yet, so an administrator sends this link (by email, or printed by the command line).
    Only a hash of its token is kept: the link opens nothing to someone who reads the table.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("staff account"),
    )
    # NULL until the email that carries the link is written (its token is made then): NULL,
    # not "", so that unique holds across the links still waiting for their email.
    token_hash = models.CharField(  # noqa: DJ001
        _("token hash"), max_length=64, unique=True, null=True, editable=False
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    used_at = models.DateTimeField(_("used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("second-factor enrolment link")
        verbose_name_plural = _("second-factor enrolment links")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return str(self.user)
