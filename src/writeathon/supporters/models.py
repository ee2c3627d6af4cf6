from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from writeathon.core.models import TimeStampedModel


class Supporter(TimeStampedModel):
    """A person who takes action. Their email address is confirmed once (double opt-in)."""

    # Empty (NULL, so that uniqueness holds) for a supporter who only ever texted.
    email = models.EmailField(_("email"), max_length=254, unique=True, null=True, blank=True)
    # The address as its mailbox is reached (core.email_address.email_canonical): finds a supporter
    # when "J.Doe+w4r@gmail.com" comes back as "jdoe@gmail.com". Not unique: rows stored
    # before it existed may share one, and merging people is not a migration's job.
    email_canonical = models.CharField(
        _("canonical email"), max_length=254, blank=True, default="", db_index=True
    )
    # E.164, for a supporter who acted by text message.
    phone = models.CharField(_("phone"), max_length=20, unique=True, null=True, blank=True)
    sms_stopped_at = models.DateTimeField(_("text messages stopped"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    # The national section whose staff see this supporter (sections.access); set from the
    # country when the supporter is created. None: only international staff see them.
    section = models.ForeignKey(
        "sections.Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporters",
        verbose_name=_("section"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    # The one-use part of the confirmation link now out for the actions waiting for this
    # address (services.confirmation_token_make); empty when none is out. Using the link,
    # or the end of the wait, empties it, which spends the link.
    confirmation_nonce = models.CharField(max_length=32, blank=True, default="", editable=False)
    # Set by "stop all email" or an unsubscribe link: no notice or update is sent after it.
    email_stopped_at = models.DateTimeField(_("email stopped"), null=True, blank=True)
    # The personal data was erased (at the supporter's request or after long inactivity):
    # the row stays, empty, so that the actions it links keep counting.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")

    def __str__(self) -> str:
        return self.email or self.phone or f"#{self.pk}"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Consent(models.Model):
    """What a supporter agreed to, in the exact words shown, when and on which form."""

    class Purpose(models.TextChoices):
        CAMPAIGN_UPDATES = "campaign_updates", _("Campaign updates by email")

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="consents")
    # The action whose form carried the consent; declining that action withdraws it.
    action = models.ForeignKey(
        "actions.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("action"),
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    text = models.TextField(_("text shown"))
    version = models.CharField(_("version"), max_length=20)
    form = models.CharField(_("form"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.supporter} {self.purpose} {self.version}"
