"""National sections running the campaign in their country, and the staff who belong to them.

Which records a staff member may see is decided in one place, :mod:`writeathon.sections.access`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from writeathon.core.models import TimeStampedModel
from writeathon.sections.roles import ROLE_CHOICES, ROLES

accent_colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}\Z",
    _("Enter a colour as # followed by six hexadecimal digits, for example #ffcc00."),
    code="invalid_colour",
)


def languages_validate(value: Any) -> None:
    """A list of language codes the site offers (settings.LANGUAGES), each once."""
    offered = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Choose languages from the list."), code="invalid_languages")
    unknown = sorted(set(value) - offered)
    if unknown:
        raise ValidationError(
            _("These languages are not offered: %(codes)s."),
            code="unknown_languages",
            params={"codes": ", ".join(unknown)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Choose each language once."), code="repeated_languages")


class Section(TimeStampedModel):
    """A national section: runs the campaign in one country, with its own staff."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # One section per country: a supporter's country tells which section is theirs.
    country = CountryField(_("country"), unique=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[languages_validate],
        help_text=_("The languages the section works in."),
    )
    short_name = models.CharField(
        _("short name"), max_length=40, help_text=_("Shown where space is short.")
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#ffff00",
        validators=[accent_colour_validator],
        help_text=_("# followed by six hexadecimal digits, for example #ffcc00."),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """Where a staff account belongs: one section, or every section (international staff).

    A staff account with no membership sees no supporter, action or export: the safe default.
    Superusers see everything whatever their membership says.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_membership",
        verbose_name=_("user"),
    )
    # Deleting a section removes its memberships: its staff then see nothing, not everything.
    section = models.ForeignKey(
        Section,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("section"),
    )
    is_international = models.BooleanField(
        _("international"),
        default=False,
        help_text=_("International staff see the records of every section."),
    )
    role = models.CharField(
        _("role"),
        max_length=40,
        choices=ROLE_CHOICES,
        blank=True,
        help_text=_(
            "The rights the role gives are listed on the roles page. Rights given one by one "
            "on the user still count too."
        ),
    )

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_international=True) | Q(section__isnull=False),
                name="staff_membership_section_or_international",
                violation_error_message=_(
                    "Choose a section, or make the membership international."
                ),
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        role = ROLES.get(self.role)
        if role is not None and role.international and not self.is_international:
            raise ValidationError(
                {"role": _("This role spans every section: make the membership international.")}
            )
