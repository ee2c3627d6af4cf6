"""Reads for the outbox: what staff see on its pages, and what a supporter is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from writeathon.actions.models import Action
from writeathon.campaigns.models import Case, Target
from writeathon.core.staff import Viewer
from writeathon.core.vocabulary import Channel, Source
from writeathon.delivery.models import Delivery, DeliveryAttempt, PrintRun
from writeathon.sections.access import scope_queryset

# Deliveries staff may send on their way again.
RETRYABLE_STATUSES = frozenset(
    {Delivery.Status.DEAD, Delivery.Status.FAILED, Delivery.Status.PARKED}
)


# From a delivery to the section of the supporter whose action it carries.
DELIVERY_SECTION_PATH = "action__supporter__section"


# --- The staff outbox ------------------------------------------------------------------------


@dataclass(frozen=True)
class CountCell:
    status: str
    count: int


@dataclass(frozen=True)
class ChannelCounts:
    channel: str
    label: str
    cells: list[CountCell]
    total: int


@dataclass(frozen=True)
class OutboxCounts:
    """How many deliveries each channel has in each status: one row per channel in use."""

    statuses: list[tuple[str, str]]
    rows: list[ChannelCounts]
    totals: list[CountCell]
    total: int


def _outbox_filter(
    queryset: QuerySet[Delivery], *, case: Case | None, target: Target | None
) -> QuerySet[Delivery]:
    if case is not None:
        queryset = queryset.filter(case=case)
    if target is not None:
        queryset = queryset.filter(target=target)
    return queryset


def deliveries_visible(user: Viewer) -> QuerySet[Delivery]:
    """The deliveries `user` may see: a section's staff see those of their own section's
    supporters; digests and replies that belong to no supporter, only international staff."""
    return scope_queryset(user, Delivery.objects.all(), section_path=DELIVERY_SECTION_PATH)


def outbox_counts(
    *, user: Viewer, case: Case | None = None, target: Target | None = None
) -> OutboxCounts:
    """Counts by channel and status, for every delivery or those of one case or official."""
    rows = _outbox_filter(deliveries_visible(user), case=case, target=target)
    found: dict[tuple[str, str], int] = {
        (row["channel"], row["status"]): row["n"]
        for row in rows.values("channel", "status").annotate(n=Count("pk")).order_by()
    }
    statuses = [(str(value), str(label)) for value, label in Delivery.Status.choices]
    in_use = {channel for channel, _status in found}
    channel_rows = []
    for value, label in Channel.choices:
        if value not in in_use:
            continue
        cells = [CountCell(status, found.get((value, status), 0)) for status, _label in statuses]
        channel_rows.append(
            ChannelCounts(str(value), str(label), cells, sum(c.count for c in cells))
        )
    totals = [
        CountCell(status, sum(n for (_c, s), n in found.items() if s == status))
        for status, _label in statuses
    ]
    return OutboxCounts(statuses, channel_rows, totals, sum(found.values()))


def outbox_deliveries(
    *,
    user: Viewer,
    channel: str = "",
    status: str = "",
    kind: str = "",
    case: Case | None = None,
    target: Target | None = None,
) -> QuerySet[Delivery]:
    """The outbox, newest first, narrowed by whichever filters are given."""
    queryset = deliveries_visible(user).select_related("case", "target")
    if channel:
        queryset = queryset.filter(channel=channel)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return _outbox_filter(queryset, case=case, target=target).order_by("-created_at", "-pk")


def confirmations_refused_count(*, since: datetime) -> int:
    """Confirmation emails that became dead letters since `since` (refused for good, or
    failed every try): each is a supporter who never got the link that counts their action."""
    return DeliveryAttempt.objects.filter(
        delivery__kind=Delivery.Kind.CONFIRMATION,
        outcome=DeliveryAttempt.Outcome.DEAD,
        finished_at__gte=since,
    ).count()


def outbox_dead_count(*, user: Viewer) -> int:
    return deliveries_visible(user).filter(status=Delivery.Status.DEAD).count()


# --- What needs staff (the outbox page and /metrics) ------------------------------------------


@dataclass(frozen=True)
class HourCount:
    """Dead letters in one hour; `percent` of the busiest hour, for the bar's width class."""

    start: datetime
    count: int
    percent: int


@dataclass(frozen=True)
class OutboxHealth:
    leases_expired: int
    near_limit: int
    parked: int
    dead_per_hour: list[HourCount]
    confirmations_refused: int
    # Seconds the oldest due delivery has waited; 0 when nothing is waiting.
    oldest_due_seconds: float

    @property
    def oldest_due_minutes(self) -> int:
        return int(self.oldest_due_seconds // 60)

    @property
    def dead_last_hour(self) -> int:
        return self.dead_per_hour[-1].count

    @property
    def dead_last_24_hours(self) -> int:
        return sum(hour.count for hour in self.dead_per_hour)


def near_limit_attempts() -> int:
    """A failed delivery with this many tries or more has two or fewer left."""
    return max(1, int(settings.DELIVERY_MAX_ATTEMPTS) - 2)


def outbox_health(*, user: Viewer | None, now: datetime | None = None) -> OutboxHealth:
    """What needs staff, for the deliveries `user` may see (None: all, for operators).

    A few aggregate queries on indexed columns: the outbox's status indexes and the attempt
    log's (outcome, finished) index; nothing reads rows one by one.
    """
    now = now or timezone.now()
    deliveries = Delivery.objects.all() if user is None else deliveries_visible(user)
    attempts = DeliveryAttempt.objects.all()
    if user is not None:
        attempts = attempts.filter(delivery__in=deliveries)
    oldest_due = deliveries.filter(
        status__in=[Delivery.Status.QUEUED, Delivery.Status.FAILED],
        next_try_at__lte=now,
        awaits_digest=False,
    ).aggregate(oldest=Min("next_try_at"))["oldest"]
    # 24 whole hours, this one last.
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    first_hour = this_hour - timedelta(hours=23)
    dead = {
        row["hour"]: row["n"]
        for row in attempts.filter(
            outcome=DeliveryAttempt.Outcome.DEAD, finished_at__gte=first_hour
        )
        .annotate(hour=TruncHour("finished_at", tzinfo=UTC))
        .values("hour")
        .annotate(n=Count("pk"))
        .order_by()
    }
    hours = [first_hour + timedelta(hours=h) for h in range(24)]
    peak = max(dead.values(), default=0)
    return OutboxHealth(
        leases_expired=deliveries.filter(
            status=Delivery.Status.SENDING, lease_until__lt=now
        ).count(),
        near_limit=deliveries.filter(
            status=Delivery.Status.FAILED, attempts__gte=near_limit_attempts()
        ).count(),
        parked=deliveries.filter(status=Delivery.Status.PARKED).count(),
        dead_per_hour=[
            HourCount(
                hour,
                dead.get(hour, 0),
                max(1, round(dead.get(hour, 0) * 100 / peak)) if dead.get(hour) else 0,
            )
            for hour in hours
        ],
        confirmations_refused=confirmations_refused_count(since=now - timedelta(hours=24)),
        oldest_due_seconds=(now - oldest_due).total_seconds() if oldest_due else 0.0,
    )


def outbox_counts_by_channel_and_status() -> list[tuple[str, str, int]]:
    """Every delivery counted by channel and status (for operators: no scoping)."""
    return [
        (row["channel"], row["status"], row["n"])
        for row in Delivery.objects.values("channel", "status")
        .annotate(n=Count("pk"))
        .order_by("channel", "status")
    ]


def delivery_get_for_staff(*, user: Viewer, delivery_id: int) -> Delivery | None:
    """One delivery with what its staff page shows beside it; None if there is none or
    `user` may not see it."""
    return (
        deliveries_visible(user)
        .select_related(
            "case", "case__campaign", "target", "action", "bundle", "print_run", "reviewed_by"
        )
        .filter(pk=delivery_id)
        .first()
    )


def delivery_attempts(*, delivery: Delivery) -> QuerySet[DeliveryAttempt]:
    return delivery.tries.order_by("number", "pk")


def delivery_parts(*, delivery: Delivery) -> QuerySet[Delivery]:
    """The letters a digest carries (none for other deliveries)."""
    return delivery.parts.select_related("case", "target").order_by("created_at", "pk")


def staff_history(*, obj: Delivery | PrintRun) -> QuerySet[LogEntry]:
    """What staff did to a delivery or print run: who, when and what, newest first."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )


# --- Print runs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingLetters:
    case: Case
    target: Target
    count: int


@dataclass(frozen=True)
class WaitingCards:
    case: Case
    count: int


def print_run_waiting_letters(*, user: Viewer | None = None) -> list[WaitingLetters]:
    """Postal letters waiting for a print run, per case and official (those `user` may
    print: their own section's supporters' letters, or every section's)."""
    deliveries = Delivery.objects.all() if user is None else deliveries_visible(user)
    rows = (
        deliveries.filter(
            channel=Channel.LETTER, status=Delivery.Status.QUEUED, target__isnull=False
        )
        .values("target_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["target_id"]: row["n"] for row in rows}
    targets = Target.objects.select_related("case", "case__campaign").in_bulk(list(counts))
    waiting = [WaitingLetters(t.case, t, counts[pk]) for pk, t in targets.items()]
    return sorted(waiting, key=lambda w: (w.case.name.casefold(), w.target.name.casefold()))


def print_run_waiting_cards(*, user: Viewer | None = None) -> list[WaitingCards]:
    """Approved messages of solidarity waiting to be printed as cards, per case (those
    `user` may print)."""
    deliveries = Delivery.objects.all() if user is None else deliveries_visible(user)
    rows = (
        deliveries.filter(
            kind=Delivery.Kind.SOLIDARITY, status=Delivery.Status.QUEUED, case__isnull=False
        )
        .values("case_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["case_id"]: row["n"] for row in rows}
    cases = Case.objects.select_related("campaign").in_bulk(list(counts))
    waiting = [WaitingCards(case, counts[pk]) for pk, case in cases.items()]
    return sorted(waiting, key=lambda w: w.case.name.casefold())


def print_runs(*, user: Viewer | None = None) -> QuerySet[PrintRun]:
    """Print runs, newest first: with `user`, those they may see (their section's runs;
    international staff see every run, including those of every section)."""
    runs = PrintRun.objects.select_related(
        "case", "target", "section", "created_by", "posted_by"
    ).order_by("-created_at", "-pk")
    return runs if user is None else scope_queryset(user, runs, section_path="section")


def print_run_get(*, print_run_id: int, user: Viewer | None = None) -> PrintRun | None:
    return print_runs(user=user).filter(pk=print_run_id).first()


def print_runs_rendering() -> bool:
    """Whether any print run is still being prepared (its page then refreshes itself)."""
    return PrintRun.objects.filter(status=PrintRun.Status.RENDERING).exists()


# --- What a supporter is told -------------------------------------------------------------------


class Progress:
    """Where one delivery of an action stands, in the words of the thank-you page."""

    DELIVERED = "delivered"
    OUTBOX = "outbox"
    PRINT_RUN = "print_run"
    HELD = "held"
    DIGEST = "digest"
    FAILED = "failed"
    DEAD = "dead"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class DeliveryProgress:
    state: str
    recipient_name: str
    delivered_at: datetime | None


def _progress(delivery: Delivery) -> str:
    status = delivery.status
    if status == Delivery.Status.DELIVERED:
        return Progress.DELIVERED
    if status == Delivery.Status.HELD:
        return Progress.HELD
    if status == Delivery.Status.REJECTED:
        return Progress.REJECTED
    if status == Delivery.Status.CANCELLED:
        return Progress.CANCELLED
    if status == Delivery.Status.DEAD:
        return Progress.DEAD
    if status == Delivery.Status.FAILED:
        return Progress.FAILED
    if status == Delivery.Status.BUNDLED and delivery.bundle is not None:
        # A letter in a digest shares the digest's fate.
        if delivery.bundle.status == Delivery.Status.FAILED:
            return Progress.FAILED
        return Progress.DIGEST
    if delivery.print_run_id is not None or delivery.channel == Channel.LETTER:
        return Progress.PRINT_RUN
    if delivery.kind == Delivery.Kind.SOLIDARITY:
        return Progress.PRINT_RUN  # approved messages are printed as cards
    if delivery.awaits_digest:
        return Progress.DIGEST
    return Progress.OUTBOX


def action_deliveries(*, action: Action) -> list[DeliveryProgress]:
    """The letters and messages an action sends, each with where it stands.

    Only for the action's owner: the page that shows this must check who is asking.
    """
    deliveries = (
        Delivery.objects.filter(
            action=action, kind__in=[Delivery.Kind.LETTER, Delivery.Kind.SOLIDARITY]
        )
        .select_related("target", "case", "bundle")
        .order_by("pk")
    )
    return [
        DeliveryProgress(
            state=_progress(delivery),
            recipient_name=(
                delivery.target.name
                if delivery.target is not None
                else (delivery.case.name if delivery.case is not None else "")
            ),
            delivered_at=delivery.delivered_at,
        )
        for delivery in deliveries
    ]


# --- Composed emails (updates to supporters) ----------------------------------------------------


@dataclass(frozen=True)
class ComposedProgress:
    """Where the emails queued under one key prefix stand: counts only, never who opened
    what (the emails carry no tracking)."""

    total: int
    waiting: int
    delivered: int
    failed: int
    cancelled: int


def composed_progress(*, key_prefix: str) -> ComposedProgress:
    """Counts of the composed emails whose key starts with `key_prefix` (an update's
    `update:<id>:`), by where they stand."""
    rows = dict(
        Delivery.objects.filter(kind=Delivery.Kind.MESSAGE, idempotency_key__startswith=key_prefix)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    waiting = sum(
        rows.get(s, 0)
        for s in (Delivery.Status.QUEUED, Delivery.Status.SENDING, Delivery.Status.FAILED)
    )
    failed = sum(rows.get(s, 0) for s in (Delivery.Status.DEAD, Delivery.Status.PARKED))
    return ComposedProgress(
        total=sum(rows.values()),
        waiting=waiting,
        delivered=rows.get(Delivery.Status.DELIVERED, 0),
        failed=failed,
        cancelled=rows.get(Delivery.Status.CANCELLED, 0),
    )


# --- Reports ---------------------------------------------------------------------------------


def deliveries_delivered_by_case_and_day(*, since: date) -> list[tuple[int, int, date, int]]:
    """Actions taken online and delivered to their recipient, by (campaign id, case id,
    day delivered) from `since` on: the last step of the reports' funnel. Read by a
    periodic job, never by a page."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    rows = (
        Delivery.objects.filter(
            status=Delivery.Status.DELIVERED,
            delivered_at__gte=start,
            action__isnull=False,
            action__source=Source.ONLINE,
        )
        .annotate(day=TruncDate("delivered_at"))
        .values("campaign_id", "case_id", "day")
        .annotate(n=Count("pk"))
        .values_list("campaign_id", "case_id", "day", "n")
    )
    return [(campaign, case, day, n) for campaign, case, day, n in rows if case and campaign]
