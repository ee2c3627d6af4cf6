from __future__ import annotations

import re
import zoneinfo
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from writeathon.core.models import TimeStampedModel


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def time_zone_validate(value: str) -> None:
    """An IANA time zone name, such as Asia/Tokyo or America/Lima."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name. Use a name such as Asia/Tokyo."),
            code="invalid_time_zone",
            params={"value": value},
        )


def campaign_open_q(now: datetime, prefix: str = "") -> Q:
    """Published campaigns whose window holds `now`: opened (or no start set) and not yet
    closed (or no end set). `prefix` leads to the campaign ("campaign__" from a case)."""
    return (
        Q(**{f"{prefix}status": Campaign.Status.PUBLISHED})
        & (Q(**{f"{prefix}opens_at__isnull": True}) | Q(**{f"{prefix}opens_at__lte": now}))
        & (Q(**{f"{prefix}closes_at__isnull": True}) | Q(**{f"{prefix}closes_at__gt": now}))
    )


def campaign_closed_q(now: datetime, prefix: str = "") -> Q:
    """Published campaigns whose window has ended."""
    return Q(**{f"{prefix}status": Campaign.Status.PUBLISHED}) & Q(
        **{f"{prefix}closes_at__lte": now}
    )


def campaign_not_closed_q(now: datetime, prefix: str = "") -> Q:
    """Published campaigns that are open or still to open."""
    return Q(**{f"{prefix}status": Campaign.Status.PUBLISHED}) & (
        Q(**{f"{prefix}closes_at__isnull": True}) | Q(**{f"{prefix}closes_at__gt": now})
    )


class Campaign(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Phase(models.TextChoices):
        """Where a campaign stands: a draft is hidden; a published one is upcoming, open or
        closed by its window, read from the clock."""

        DRAFT = "draft", _("Draft")
        UPCOMING = "upcoming", _("Not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(
        _("internal name"), max_length=200, help_text=_("Public titles are set per language.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_(
            "A published campaign opens and closes itself at the start and end of its window."
        ),
    )
    edition_year = models.PositiveSmallIntegerField(
        _("edition"),
        null=True,
        blank=True,
        help_text=_("The year of this edition, as the history chart names it."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[time_zone_validate],
        help_text=_("The window's times are in this zone, for example Asia/Tokyo."),
    )
    opens_at = models.DateTimeField(
        _("opens at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Actions are taken from this moment. Empty: from publication."),
    )
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("No action is taken from this moment. Empty: no end set yet."),
    )
    reporting_deadline = models.DateTimeField(
        _("reporting deadline"),
        null=True,
        blank=True,
        help_text=_("Events may still report the letters they wrote until then."),
    )
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
        ordering = ["-opens_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The campaign must close after it opens.")
        end = self.closes_at
        if self.reporting_deadline and end and self.reporting_deadline < end:
            errors["reporting_deadline"] = _(
                "The reporting deadline cannot come before the campaign closes."
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign", kwargs={"campaign_slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def phase_at(self, now: datetime) -> Campaign.Phase:
        """Where the campaign stands at `now`."""
        if self.status != self.Status.PUBLISHED:
            return self.Phase.DRAFT
        if self.closes_at is not None and now >= self.closes_at:
            return self.Phase.CLOSED
        if self.opens_at is not None and now < self.opens_at:
            return self.Phase.UPCOMING
        return self.Phase.OPEN

    @property
    def phase(self) -> Campaign.Phase:
        return self.phase_at(timezone.now())

    @property
    def is_open(self) -> bool:
        """Whether the campaign takes actions now."""
        return self.phase == self.Phase.OPEN

    @property
    def is_closed(self) -> bool:
        return self.phase == self.Phase.CLOSED

    @property
    def year(self) -> int | None:
        """The edition's year: as set, else the year it opens in its own time zone."""
        if self.edition_year:
            return self.edition_year
        if self.opens_at is not None:
            return timezone.localtime(self.opens_at, self.zone).year
        return None

    def takes_reports_at(self, now: datetime) -> bool:
        """Whether events may still report letters at `now`: until the reporting deadline,
        or until the campaign closes when none is set."""
        if self.status != self.Status.PUBLISHED:
            return False
        end = self.reporting_deadline or self.closes_at
        return end is None or now < end


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
    signature_goal = models.PositiveIntegerField(
        _("signature goal"),
        default=0,
        help_text=_(
            "How many signatures the petition for this case aims for, shown as a thermometer "
            "on the case page. 0: no goal, no thermometer."
        ),
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
        """A keyword is one word that no other case of an open or upcoming campaign uses and
        that is not a word the SMS channel keeps for itself (HELP, STOP, ...)."""
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
            Case.objects.filter(sms_keyword__iexact=keyword)
            .filter(campaign_not_closed_q(timezone.now(), prefix="campaign__"))
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


# Uploaded photos and files are kept small: a page loads them, an email may link them.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
# What an official's response may be: a scan or a photo of a letter, or a PDF.
RESPONSE_FILE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "webp")


def upload_size_validate(upload: Any) -> None:
    """An uploaded file is at most UPLOAD_MAX_BYTES."""
    if upload is not None and getattr(upload, "size", 0) > UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("This file is too large: at most %(megabytes)d MB.")
            % {"megabytes": UPLOAD_MAX_BYTES // (1024 * 1024)}
        )


def response_file_validate(upload: Any) -> None:
    """An official's response file is a PDF or an image, by its content and not its name."""
    if upload is None:
        return
    upload_size_validate(upload)
    name = str(getattr(upload, "name", "")).lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in RESPONSE_FILE_EXTENSIONS:
        raise ValidationError(_("Upload a PDF or an image (PNG, JPEG or WebP)."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == "pdf":
        if not head.startswith(b"%PDF-"):
            raise ValidationError(_("This file is not a PDF."))
        return
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("This file is not an image that can be read.")) from exc
    finally:
        upload.seek(0)


class Outcome(models.Model):
    """Dated news on a case: what happened to the person the letters were for."""

    class Kind(models.TextChoices):
        RELEASED = "released", _("Released")
        CHARGES_DROPPED = "charges_dropped", _("Charges dropped")
        SENTENCE_REDUCED = "sentence_reduced", _("Sentence reduced")
        CONDITIONS_IMPROVED = "conditions_improved", _("Conditions improved")
        OTHER = "other", _("Other news")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # For staff: what the public reads is in the outcome's texts, one per language.
    summary = models.TextField(
        _("note for staff"), blank=True, help_text=_("Not shown to the public.")
    )
    photo = models.ImageField(
        _("photo"), upload_to="outcomes/", blank=True, validators=[upload_size_validate]
    )
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()} ({self.happened_on})"


class CampaignImport(models.Model):
    """A file of cases or officials on its way into a campaign: kept from the preview to the
    import, which then runs in the background, all or nothing."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Waiting for confirmation")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(_("kind"), max_length=10)
    filename = models.CharField(_("file name"), max_length=200)
    # The uploaded file, until it is imported (at most IMPORT_MAX_BYTES).
    content = models.BinaryField(_("content"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} → {self.campaign}"


class OutcomeText(models.Model):
    """An outcome's short public text in one language."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10, choices=_language_choices)
    text = models.CharField(_("short text"), max_length=500)

    class Meta:
        verbose_name = _("outcome text")
        verbose_name_plural = _("outcome texts")
        constraints = [
            models.UniqueConstraint(fields=["outcome", "language"], name="outcome_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.outcome} [{self.language}]"


class OfficialResponse(models.Model):
    """What an official answered about a case, shown on the case page when staff choose."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="official_responses")
    target = models.ForeignKey(
        Target,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("official"),
    )
    official = models.CharField(
        _("official's name and post"),
        max_length=300,
        blank=True,
        help_text=_("When the official is not one of the case's targets."),
    )
    responded_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=2000)
    file = models.FileField(
        _("file"),
        upload_to="responses/",
        blank=True,
        validators=[response_file_validate],
        help_text=_("A PDF or an image, at most 5 MB."),
    )
    is_public = models.BooleanField(_("shown on the case page"), default=False)

    class Meta:
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")
        ordering = ["-responded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.official_name} ({self.responded_on})"

    @property
    def official_name(self) -> str:
        return self.official or (str(self.target) if self.target_id else "")

    def clean(self) -> None:
        if not self.official.strip() and self.target_id is None:
            raise ValidationError({"official": _("Name the official, or choose a target.")})
        target = self.target if self.target_id is not None else None
        if target is not None and self.case_id and target.case_id != self.case_id:
            raise ValidationError({"target": _("This official belongs to another case.")})
