"""A campaign page: its cases with name, country and summary; the live total and the goal."""

from __future__ import annotations

from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.test import Client

from tests.factories import ActionFactory, CaseFactory
from writeathon.campaigns.models import Campaign, Case
from writeathon.reporting.selectors import counter_forget
from writeathon.usecases.intake import action_count


def test_campaign_page_lists_published_cases(client: Client, campaign: Campaign) -> None:
    draft = CaseFactory(campaign=campaign, status=Case.Status.DRAFT, name="Hidden Draft")

    response = client.get(campaign.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for case in Case.objects.filter(campaign=campaign, status="published"):
        assert case.name in html
        assert str(case.country.name) in html
        summary = case.appeals.get(language="en").summary
        assert summary in html
    assert draft.name not in html
    assert [item["case"].slug for item in response.context["cases"]] == [
        "ilham-tohti",
        "shawkan",
        "annie-alfred",
        "leonard-peltier",
    ]


def test_campaign_page_shows_total_and_progress(client: Client, case: Case) -> None:
    campaign = case.campaign
    for _ in range(3):
        action_count(action_id=ActionFactory(case=case).pk)
    counter_forget(campaign=campaign)

    response = client.get(campaign.get_absolute_url())

    counter = response.context["counter"]
    assert counter.total == 3
    assert counter.cases["shawkan"] == 3
    html = response.content.decode()
    assert "data-counter-total>3<" in html
    assert 'data-counter-case="shawkan">3<' in html
    assert intcomma(campaign.goal) in html
    assert 'role="progressbar"' in html


def test_past_edition_page_shows_its_published_total(
    client: Client, campaign: Campaign, settings: Any
) -> None:
    past = Campaign.objects.get(slug="write-for-rights-2015")

    response = client.get(past.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "This campaign has ended" in html
    assert intcomma(3_714_141) in html
