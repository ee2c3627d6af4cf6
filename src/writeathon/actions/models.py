from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.supporters.models import Supporter

# The shortest and longest message each channel takes (visible characters): the forms hold
# writers to them, and screening holds messages from any other source to them too.
_LETTER_LENGTHS = (20, 5000)
MESSAGE_LENGTHS: dict[str, tuple[int, int]] = {
    Channel.EMAIL: _LETTER_LENGTHS,
    Channel.FAX: _LETTER_LENGTHS,
    Channel.LETTER: _LETTER_LENGTHS,
    Channel.SOLIDARITY: (10, 1000),
}


class Action(models.Model):
    """One message or signature by one supporter for one case on one channel.

    Actions are append-only facts: every count in the product derives from them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        # The address's owner did not recognise it when confirming: it never counts.
        DECLINED = "declined", _("Declined by the owner of the address")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="actions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    supporter = models.ForeignKey(
        Supporter, on_delete=models.PROTECT, related_name="actions", null=True, blank=True
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    country = CountryField(_("country"), blank=True)
    language = models.CharField(_("language"), max_length=10)
    signer_name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("message"), blank=True)
    copy_to_supporter = models.BooleanField(_("copy to the supporter"), default=False)
    # The writer chose to keep their address from the official: replies go to the campaign.
    hide_email = models.BooleanField(_("address hidden from the official"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        # A context keeps this apart from the "action"/"actions" plural of the case counters.
        verbose_name = pgettext_lazy("model name", "action")
        verbose_name_plural = _("actions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "case", "channel"], name="one_action_per_channel"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="action_campaign_status"),
            models.Index(fields=["case", "status"], name="action_case_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} for {self.case} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Tally(models.Model):
    """Confirmed actions and counted reports by campaign, case, section, channel, source,
    supporter's country and day, kept current in the transaction that counts them.

    Every count a page shows is a sum of these rows, never a count of actions. A key (case,
    section, channel, source, country, day) has several shards so that increments at a
    peak, which all land on today's busiest keys, spread over rows instead of queueing on
    one row lock; a figure is the sum of its shards. The reconciliation folds the shards of
    past days back into one row.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tallies")
    # The supporter's section (a report's section): whose staff see the count.
    section = models.ForeignKey(
        "sections.Section",
        on_delete=models.CASCADE,
        related_name="tallies",
        null=True,
        blank=True,
        verbose_name=_("section"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # The supporter's country ("" when unknown or erased).
    country = CountryField(_("country"), blank=True)
    # The day it counted (an action's confirmation, a report's day), in the site's time zone.
    day = models.DateField(_("day"))
    shard = models.PositiveSmallIntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        # Made by reporting's first migration; the model moved to the app that writes it.
        db_table = "reporting_tally"
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            # A key without a section is one key too (NULL would let two rows share it).
            models.UniqueConstraint(
                F("case"),
                Coalesce("section", Value(0)),
                F("channel"),
                F("source"),
                F("country"),
                F("day"),
                F("shard"),
                name="tally_key_shard_unique",
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "day"], name="tally_campaign_day"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.channel}/{self.source}/{self.country}/{self.day} #{self.shard}"


class TallyRollup(models.Model):
    """What two smaller tallies share: the same counts summed over one key part, kept in
    the same transaction as Tally, so that the counter and the staff reports read a few
    thousand rows instead of every day of every country."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        "sections.Section",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("section"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    shard = models.PositiveSmallIntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class TallyByCountry(TallyRollup):
    """Tally without the day: every day of a key summed (the counter, the totals)."""

    country = CountryField(_("country"), blank=True)

    class Meta:
        verbose_name = _("tally by country")
        verbose_name_plural = _("tallies by country")
        constraints = [
            models.UniqueConstraint(
                F("case"),
                Coalesce("section", Value(0)),
                F("channel"),
                F("source"),
                F("country"),
                F("shard"),
                name="tally_country_key_unique",
            )
        ]
        indexes = [models.Index(fields=["campaign", "case"], name="tally_country_campaign")]

    def __str__(self) -> str:
        return f"{self.case} {self.channel}/{self.source}/{self.country} #{self.shard}"


class TallyByDay(TallyRollup):
    """Tally without the country: every country of a key summed (the days, dated totals)."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("tally by day")
        verbose_name_plural = _("tallies by day")
        constraints = [
            models.UniqueConstraint(
                F("case"),
                Coalesce("section", Value(0)),
                F("channel"),
                F("source"),
                F("day"),
                F("shard"),
                name="tally_day_key_unique",
            )
        ]
        indexes = [models.Index(fields=["campaign", "day"], name="tally_day_campaign")]

    def __str__(self) -> str:
        return f"{self.case} {self.channel}/{self.source}/{self.day} #{self.shard}"


class TallyRepair(models.Model):
    """A drift the reconciliation found between the tallies and the actions and reports
    they count, and repaired: what, where and by how much, for staff to read."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        "sections.Section",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("section"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    country = CountryField(_("country"), blank=True)
    day = models.DateField(_("day"))
    tallied = models.BigIntegerField(_("tallied"))
    counted = models.BigIntegerField(_("counted"))
    repaired_at = models.DateTimeField(_("repaired"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tally repair")
        verbose_name_plural = _("tally repairs")
        ordering = ["-repaired_at", "-pk"]

    def __str__(self) -> str:
        where = f"{self.channel}/{self.source}/{self.country}/{self.day}"
        return f"{self.case} {where}: {self.tallied} → {self.counted}"

    @property
    def difference(self) -> int:
        return self.counted - self.tallied


class CountReport(models.Model):
    """A count of actions reported in bulk rather than one by one: what a host reports
    after a write-a-thon (handwritten letters for a case), a row of a tally sheet staff
    import, a partner's tally sent through the API.

    It counts into the tallies like confirmed actions, with its source. It is corrected in
    place (the tallies move by exactly the difference) and keeps every change in its
    history; `reference` names it for ever, so the same report or file row sent twice is
    one report, not two.
    """

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        # Beyond what is plausible: not counted until staff approve it.
        HELD = "held", _("Held for review")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    reference = models.CharField(_("reference"), max_length=200, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="count_reports")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="count_reports")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    section = models.ForeignKey(
        "sections.Section",
        on_delete=models.PROTECT,
        related_name="count_reports",
        null=True,
        blank=True,
        verbose_name=_("section"),
    )
    country = CountryField(_("country"), blank=True)
    # The day the actions were taken (an event's day, a tally sheet's date).
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COUNTED
    )
    # Why it was held, in words staff read (empty unless held).
    held_reason = models.TextField(_("why held"), blank=True)
    # Who reported it, in words staff read: "Host of event 12", "tallies-2016.csv row 4".
    reported_by = models.CharField(_("reported by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("count report")
        verbose_name_plural = _("count reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "status"], name="countreport_case_status"),
            models.Index(fields=["campaign", "source"], name="countreport_campaign_source"),
        ]

    def __str__(self) -> str:
        return f"{self.count} x {self.get_channel_display()} for {self.case} ({self.reference})"

    @property
    def counted(self) -> int:
        """What it adds to the tallies now."""
        return self.count if self.status == self.Status.COUNTED else 0


class CountReportChange(models.Model):
    """One change to a count report, in the order they were made: the history staff and
    hosts read, and the trace that no correction can skip."""

    report = models.ForeignKey(CountReport, on_delete=models.CASCADE, related_name="changes")
    count_before = models.PositiveIntegerField(_("count before"), null=True, blank=True)
    count_after = models.PositiveIntegerField(_("count after"))
    status_before = models.CharField(_("status before"), max_length=10, blank=True)
    status_after = models.CharField(_("status after"), max_length=10)
    # What the tallies moved by with this change (negative for a correction down).
    tallied_by = models.IntegerField(_("counted difference"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    # Who changed it when it was not a staff account (a host, a partner), and why.
    actor = models.CharField(_("by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("count report change")
        verbose_name_plural = _("count report changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.count_before} → {self.count_after}"
