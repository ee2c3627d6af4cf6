"""Reads for moderation: the queue of held messages, one message, its decisions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from writeathon.campaigns.models import Case
from writeathon.core.staff import Viewer
from writeathon.delivery.models import Delivery
from writeathon.delivery.selectors import deliveries_visible
from writeathon.moderation.models import ModerationDecision, ScreeningResult
from writeathon.moderation.screening import reason_label

MODERATED_KINDS = (Delivery.Kind.LETTER, Delivery.Kind.SOLIDARITY)


def moderated_visible(user: Viewer) -> QuerySet[Delivery]:
    """Letters and messages of solidarity `user` may see: like the outbox, a section's
    staff see those of their own section's supporters (writeathon.sections.access)."""
    return (
        deliveries_visible(user)
        .filter(kind__in=MODERATED_KINDS)
        .select_related("case", "target", "action", "action__screening")
    )


def held_deliveries(
    *,
    user: Viewer,
    case: Case | None = None,
    channel: str = "",
    reason: str = "",
    language: str = "",
) -> QuerySet[Delivery]:
    """Held letters and messages of solidarity `user` may see, oldest first, narrowed by the
    filters given. `reason` is a screening reason code; `language` the writer's language.
    """
    queryset = moderated_visible(user).filter(status=Delivery.Status.HELD)
    if case is not None:
        queryset = queryset.filter(case=case)
    if channel:
        queryset = queryset.filter(channel=channel)
    if reason:
        # Codes never contain one another (screening.ReasonCode), so "contains" is exact.
        queryset = queryset.filter(action__screening__reasons__contains=reason)
    if language:
        queryset = queryset.filter(action__language=language)
    return queryset.order_by("created_at", "pk")


def moderation_item_get(*, user: Viewer, delivery_id: int) -> Delivery | None:
    """One letter or message of solidarity `user` may see; None for any other delivery."""
    return (
        moderated_visible(user)
        .select_related("case__campaign", "reviewed_by")
        .filter(pk=delivery_id)
        .first()
    )


def screening_reasons(*, delivery: Delivery) -> list[tuple[str, str]]:
    """Why screening held the delivery's message: (code, label); empty when it did not."""
    action = delivery.action
    if action is None:
        return []
    try:
        result = action.screening
    except ScreeningResult.DoesNotExist:
        return []
    return [(code, reason_label(code)) for code in result.reason_codes]


@dataclass(frozen=True)
class ModerationHistory:
    """What a delivery went through in moderation, for its staff pages."""

    reasons: list[tuple[str, str]]
    decisions: list[ModerationDecision]

    def __bool__(self) -> bool:
        return bool(self.reasons or self.decisions)


def moderation_history(*, delivery: Delivery) -> ModerationHistory:
    decisions = list(
        ModerationDecision.objects.filter(delivery=delivery)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
    )
    return ModerationHistory(reasons=screening_reasons(delivery=delivery), decisions=decisions)


@dataclass(frozen=True)
class CaseReviewCounts:
    case_id: int
    case_name: str
    held: int
    approved: int
    rejected: int


def review_counts(*, user: Viewer) -> list[CaseReviewCounts]:
    """Per case: held letters and messages waiting for a moderator, passed on, rejected."""
    rows = (
        deliveries_visible(user)
        .filter(kind__in=MODERATED_KINDS, case__isnull=False)
        .filter(Q(status=Delivery.Status.HELD) | Q(reviewed_at__isnull=False))
        .values("case_id", "case__name")
        .annotate(
            held=Count("pk", filter=Q(status=Delivery.Status.HELD)),
            approved=Count(
                "pk",
                filter=Q(reviewed_at__isnull=False) & ~Q(status=Delivery.Status.REJECTED),
            ),
            rejected=Count(
                "pk", filter=Q(status=Delivery.Status.REJECTED, reviewed_at__isnull=False)
            ),
        )
        .order_by()
    )
    counts = [
        CaseReviewCounts(
            row["case_id"], row["case__name"], row["held"], row["approved"], row["rejected"]
        )
        for row in rows
    ]
    return sorted(counts, key=lambda c: (c.case_name.casefold(), c.case_id))


def action_is_held(*, action_id: int) -> bool:
    """Whether screening held the action's message for a moderator."""
    return ScreeningResult.objects.filter(action_id=action_id).exists()
