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


host_name_validator = RegexValidator(
    r"^(?=.{1,200}\Z)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z",
    _("Enter a host name such as act.example.org: lower-case, no scheme, no path."),
    code="invalid_host_name",
)

# A logo is shown small at the top of the section's page: a few hundred kilobytes at most.
LOGO_MAX_BYTES = 512 * 1024


def logo_validate(value: Any) -> None:
    size = getattr(value, "size", 0) or 0
    if size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo may be %(kb)s KB at most."),
            code="logo_too_large",
            params={"kb": LOGO_MAX_BYTES // 1024},
        )


def intro_validate(value: Any) -> None:
    """Welcome texts: {language code: text}, languages the site offers, 1,000 characters each."""
    offered = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValidationError(
            _('Give the welcome text as {"language": "text"}.'), code="invalid_intro"
        )
    unknown = sorted(set(value) - offered)
    if unknown:
        raise ValidationError(
            _("These languages are not offered: %(codes)s."),
            code="unknown_languages",
            params={"codes": ", ".join(unknown)},
        )
    if any(len(text) > 1000 for text in value.values()):
        raise ValidationError(
            _("A welcome text may be 1,000 characters at most."), code="intro_too_long"
        )


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

    # The section's own page, /sections/<slug>/, and (when set) its own host name, whose
    # home page is that page.
    slug = models.SlugField(
        _("address"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The end of the section's page address, /sections/peru/ for peru. Lower-case "
            "letters, digits, hyphens."
        ),
    )
    host_name = models.CharField(
        _("host name"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        validators=[host_name_validator],
        help_text=_(
            "Optional, e.g. act.example.org: its home page is the section's page. It must also "
            "be in ALLOWED_HOSTS."
        ),
    )
    logo = models.ImageField(
        _("logo"), upload_to="sections/", blank=True, validators=[logo_validate]
    )
    logo_alt = models.CharField(
        _("logo description"),
        max_length=200,
        blank=True,
        help_text=_("What the logo says, for people who cannot see it."),
    )
    default_language = models.CharField(
        _("default language"),
        max_length=10,
        blank=True,
        help_text=_("The language of the section's page for a visitor who has not chosen one."),
    )
    intro = models.JSONField(
        _("welcome text"),
        default=dict,
        blank=True,
        validators=[intro_validate],
        help_text=_('A short welcome per language: {"es": "...", "en": "..."}.'),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def page_language(self) -> str:
        """The language the section's page speaks to a visitor who chose none."""
        offered = {code for code, _name in settings.LANGUAGES}
        for code in (self.default_language, *(self.languages or [])):
            if code in offered:
                return str(code)
        return str(settings.LANGUAGE_CODE)

    def intro_in(self, language: str) -> str:
        """The welcome text in `language`, else the section's own language, else any."""
        texts = self.intro if isinstance(self.intro, dict) else {}
        for code in (language, self.page_language, *sorted(texts)):
            if texts.get(code):
                return str(texts[code])
        return ""


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
