"""Reads for impact: the timeline of outcomes, a supporter's own story, the widget's count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case, Outcome
from writeathon.campaigns.selectors import outcomes_public, outcomes_since
from writeathon.delivery.selectors import DeliveryProgress, action_deliveries
from writeathon.reporting.selectors import counter_snapshot
from writeathon.supporters.models import Supporter


@dataclass(frozen=True)
class Edition:
    """One campaign's outcomes, for the impact page's timeline."""

    campaign: Campaign
    year: int | None
    outcomes: list[Outcome]


def impact_timeline() -> list[Edition]:
    """Published outcomes of every edition, grouped by campaign, newest edition first."""
    editions: dict[int, Edition] = {}
    for outcome in outcomes_public():
        campaign = outcome.case.campaign
        if campaign.pk not in editions:
            editions[campaign.pk] = Edition(
                campaign=campaign,
                year=campaign.year,
                outcomes=[],
            )
        editions[campaign.pk].outcomes.append(outcome)
    return sorted(
        editions.values(),
        key=lambda e: (e.campaign.year or 0, e.campaign.pk),
        reverse=True,
    )


@dataclass(frozen=True)
class ActedOn:
    """One action of a supporter: the case, the channel, and what became of its letters."""

    case: Case
    channel_label: str
    status: str
    status_label: str
    taken_at: datetime
    deliveries: list[DeliveryProgress] = field(default_factory=list)


@dataclass(frozen=True)
class SupporterStory:
    actions: list[ActedOn]
    outcomes: list[Outcome]


def supporter_story(*, supporter: Supporter) -> SupporterStory:
    """What a supporter wrote for, on which channels, what was delivered and when, and the
    outcomes of those cases since they acted. For the supporter's own page only."""
    actions = list(
        Action.objects.filter(supporter=supporter)
        .exclude(status=Action.Status.DECLINED)
        .select_related("case", "case__campaign")
        .order_by("-created_at", "-pk")
    )
    since: dict[int, date] = {}
    for action in actions:
        day = action.created_at.date()
        since[action.case_id] = min(since.get(action.case_id, day), day)
    return SupporterStory(
        actions=[
            ActedOn(
                case=action.case,
                channel_label=str(action.get_channel_display()),
                status=action.status,
                status_label=str(action.get_status_display()),
                taken_at=action.created_at,
                deliveries=action_deliveries(action=action),
            )
            for action in actions
        ],
        outcomes=outcomes_since(since_by_case=since),
    )


@dataclass(frozen=True)
class WidgetCount:
    total: int
    goal: int
    goal_percent: int


def widget_count(*, campaign: Campaign, case: Case | None) -> WidgetCount:
    """The live total of a campaign, or one case's count, from the cached counter."""
    snapshot = counter_snapshot(campaign=campaign)
    if case is None:
        return WidgetCount(snapshot.total, snapshot.goal, snapshot.goal_percent)
    return WidgetCount(snapshot.cases.get(case.slug, 0), 0, 0)
