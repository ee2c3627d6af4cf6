from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from writeathon.core.models import TimeStampedModel


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class Campaign(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(
        _("internal name"), max_length=200, help_text=_("Public titles are set per language.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    goal = models.PositiveBigIntegerField(
        _("goal"), default=0, help_text=_("Number of actions the campaign aims for.")
    )
    default_language = models.CharField(
        _("default language"), max_length=10, choices=_language_choices, default="en"
    )
    offline_total = models.PositiveBigIntegerField(
        _("actions counted elsewhere"),
        default=0,
        help_text=_("Published totals of actions taken outside this site, added to the counter."),
    )
    offline_case_count = models.PositiveSmallIntegerField(
        _("number of cases (past editions)"), null=True, blank=True
    )
    total_is_approximate = models.BooleanField(_("total is approximate"), default=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", kwargs={"campaign_slug": self.slug})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CampaignText(models.Model):
    """The public wording of a campaign in one language."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=_language_choices)
    title = models.CharField(_("title"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("campaign text")
        verbose_name_plural = _("campaign texts")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "language"], name="campaign_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class Case(TimeStampedModel):
    class Category(models.TextChoices):
        PRISONER_OF_CONSCIENCE = "prisoner_of_conscience", _("Prisoner of conscience")
        HUMAN_RIGHTS_DEFENDER = "human_rights_defender", _("Human rights defender")
        COMMUNITY_AT_RISK = "community_at_risk", _("Community at risk")
        UNFAIR_TRIAL = "unfair_trial", _("Unfair trial")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="cases")
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    photo = models.ImageField(_("photo"), upload_to="cases/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    sms_keyword = models.CharField(
        _("SMS keyword"),
        max_length=20,
        blank=True,
        help_text=_(
            "A supporter who texts this word to the campaign number takes action on the case."
        ),
    )
    # A case a section adds for its own supporters: shown on that section's page (and found
    # by its address), not on the campaign's page; counted in the campaign's total like all.
    section = models.ForeignKey(
        "sections.Section",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_cases",
        verbose_name=_("section's own case"),
        help_text=_("Empty for a case of the whole campaign."),
    )
    # Read by writeathon.delivery.services when an action is confirmed.
    solidarity_needs_review = models.BooleanField(
        _("messages of solidarity need review"),
        default=True,
        help_text=_(
            "A moderator reads every message of solidarity before it is passed on. Untick "
            "only if the family has asked for messages as they come: messages that screening "
            "holds are still read first."
        ),
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "slug"], name="case_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A keyword is one word that no other case of an open campaign uses and that is not
        a word the SMS channel keeps for itself (HELP, STOP, ...)."""
        from writeathon.core.sms_words import RESERVED_KEYWORDS

        keyword = self.sms_keyword.strip().upper()
        self.sms_keyword = keyword
        if not keyword:
            return
        if not re.fullmatch(r"[A-Z0-9]{2,20}", keyword):
            raise ValidationError(
                {"sms_keyword": _("Use one word of letters A to Z and digits, at least 2.")}
            )
        if keyword.lower() in RESERVED_KEYWORDS:
            raise ValidationError(
                {"sms_keyword": _("This word is kept for HELP and STOP messages.")}
            )
        taken = (
            Case.objects.filter(sms_keyword__iexact=keyword, campaign__status=Campaign.Status.OPEN)
            .exclude(pk=self.pk)
            .first()
        )
        if taken is not None:
            raise ValidationError(
                {"sms_keyword": _("The case %(name)s already uses this keyword.") % {"name": taken}}
            )

    def get_absolute_url(self) -> str:
        return reverse(
            "campaigns:case",
            kwargs={"campaign_slug": self.campaign.slug, "case_slug": self.slug},
        )

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.name.split()[:2]).upper()


class Target(models.Model):
    """The official who can act on a case."""

    class EmailPolicy(models.TextChoices):
        EACH = "each", _("One email per letter")
        DIGEST = "digest", _("One email a day with every letter attached")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(pgettext_lazy("an official's post", "title"), max_length=200)
    office = models.CharField(_("office"), max_length=200, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)
    social_handle = models.CharField(_("social media handle"), max_length=100, blank=True)
    email_policy = models.CharField(
        _("email policy"),
        max_length=10,
        choices=EmailPolicy.choices,
        default=EmailPolicy.EACH,
        help_text=_(
            "Officials who block floods of email get one email a day with the day's letters "
            "in a PDF."
        ),
    )
    language = models.CharField(
        _("language of correspondence"),
        max_length=10,
        help_text=_("ISO 639-1 code, for example en, zh, ar."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"

    def clean(self) -> None:
        """A fax number must be one the fax gateway can dial."""
        from writeathon.core.phone import phone_parse

        if self.fax.strip():
            region = str(self.case.country) if self.case_id else ""
            number = phone_parse(self.fax, region=region)
            if number is None:
                raise ValidationError(
                    {"fax": _("This is not a valid fax number. Include the country code.")}
                )
            self.fax = number.e164


class SectionAddress(models.Model):
    """Where a section's supporters' letters to an official go when they differ from the
    official's own details: an embassy in the section's country, its fax, its email."""

    section = models.ForeignKey(
        "sections.Section",
        on_delete=models.CASCADE,
        related_name="official_addresses",
        verbose_name=_("section"),
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.CASCADE,
        related_name="section_addresses",
        verbose_name=_("target"),
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    fax = models.CharField(_("fax"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("section's address for an official")
        verbose_name_plural = _("section's addresses for officials")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "target"], name="one_address_per_section_and_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target} ({self.section})"

    def clean(self) -> None:
        from writeathon.core.phone import phone_parse

        if self.fax.strip():
            number = phone_parse(
                self.fax, region=str(self.section.country) if self.section_id else ""
            )
            if number is None:
                raise ValidationError(
                    {"fax": _("This is not a valid fax number. Include the country code.")}
                )
            self.fax = number.e164


class Appeal(models.Model):
    """What supporters read and send for one case, in one language."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals")
    language = models.CharField(_("language"), max_length=10, choices=_language_choices)
    summary = models.CharField(_("summary"), max_length=200)
    story = models.TextField(_("story"))
    ask = models.TextField(_("what we ask"))
    letter_subject = models.CharField(_("letter subject"), max_length=200)
    letter_body = models.TextField(_("sample letter"))
    short_text = models.CharField(_("short text for posts and SMS"), max_length=280, blank=True)
    solidarity_guidance = models.TextField(_("guidance for solidarity messages"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.UniqueConstraint(fields=["case", "language"], name="appeal_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case} [{self.language}]"


class Outcome(models.Model):
    """Dated news on a case."""

    class Kind(models.TextChoices):
        RELEASED = "released", _("Released")
        CHARGES_DROPPED = "charges_dropped", _("Charges dropped")
        SENTENCE_REDUCED = "sentence_reduced", _("Sentence reduced")
        TREATMENT_IMPROVED = "treatment_improved", _("Treatment improved")
        OTHER = "other", _("Other news")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    summary = models.TextField(_("summary"))
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()} ({self.happened_on})"
