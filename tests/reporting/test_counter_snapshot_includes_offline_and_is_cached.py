"""The live count: confirmed actions plus totals counted elsewhere, cached for a few seconds."""

from __future__ import annotations

from tests.factories import ActionFactory, CaseFactory
from writeathon.campaigns.models import Campaign, Case
from writeathon.reporting.selectors import counter_forget, counter_snapshot
from writeathon.usecases.intake import action_count


def _count_one(case: Case) -> None:
    action_count(action_id=ActionFactory(case=case).pk)


def test_snapshot_adds_offline_total_to_confirmed_actions(case: Case) -> None:
    campaign = case.campaign
    Campaign.objects.filter(pk=campaign.pk).update(offline_total=1000)
    campaign.refresh_from_db()
    _count_one(case)
    _count_one(case)
    _count_one(Case.objects.get(campaign=campaign, slug="ilham-tohti"))
    ActionFactory(case=case)  # pending

    snapshot = counter_snapshot(campaign=campaign)

    assert snapshot.campaign == "write-for-rights-2016"
    assert snapshot.online_total == 3
    assert snapshot.total == 1003
    assert snapshot.goal == campaign.goal
    assert snapshot.cases == {
        "ilham-tohti": 1,
        "shawkan": 2,
        "annie-alfred": 0,
        "leonard-peltier": 0,
    }
    assert list(snapshot.cases) == ["ilham-tohti", "shawkan", "annie-alfred", "leonard-peltier"]


def test_draft_cases_are_left_out(case: Case) -> None:
    draft = CaseFactory(campaign=case.campaign, status=Case.Status.DRAFT)
    snapshot = counter_snapshot(campaign=case.campaign)
    assert draft.slug not in snapshot.cases
    assert len(snapshot.cases) == 4


def test_past_edition_total_is_its_published_figure(campaign: Campaign) -> None:
    past = Campaign.objects.get(slug="write-for-rights-2014")
    snapshot = counter_snapshot(campaign=past)
    assert snapshot.total == 3_245_565
    assert snapshot.online_total == 0
    assert snapshot.cases == {}


def test_snapshot_is_cached_until_forgotten(case: Case) -> None:
    first = counter_snapshot(campaign=case.campaign)
    _count_one(case)

    cached = counter_snapshot(campaign=case.campaign)
    assert cached.total == first.total
    assert cached.updated_at == first.updated_at

    counter_forget(campaign=case.campaign)
    fresh = counter_snapshot(campaign=case.campaign)
    assert fresh.total == first.total + 1
    assert fresh.updated_at >= first.updated_at


def test_goal_percent(case: Case) -> None:
    campaign = case.campaign
    Campaign.objects.filter(pk=campaign.pk).update(goal=4, offline_total=1)
    campaign.refresh_from_db()
    assert counter_snapshot(campaign=campaign).goal_percent == 25
    Campaign.objects.filter(pk=campaign.pk).update(goal=0)
    campaign.refresh_from_db()
    counter_forget(campaign=campaign)
    assert counter_snapshot(campaign=campaign).goal_percent == 0
