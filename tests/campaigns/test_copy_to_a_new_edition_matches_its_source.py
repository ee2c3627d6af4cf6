"""Staff copy last year's campaign into a draft for the next edition in one step, after a
preview of what will be copied: texts, cases, officials and sample letters match the source;
counts, actions and news stay behind, and the source is untouched."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import ActionFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Appeal, Campaign, CampaignText, Case, Outcome, Target
from writeathon.campaigns.services import APPEAL_COPIED_FIELDS, TARGET_COPIED_FIELDS


@pytest.fixture
def keiko(db: Any) -> Client:
    user = get_user_model().objects.create_superuser(username="keiko", password="pw-keiko-1")
    client = Client()
    client.force_login(user)
    return client


def _content(campaign: Campaign) -> dict[str, Any]:
    """Everything a new edition takes from its source, without ids."""
    return {
        "texts": sorted(
            CampaignText.objects.filter(campaign=campaign).values_list(
                "language", "title", "tagline", "intro"
            )
        ),
        "cases": sorted(
            Case.objects.filter(campaign=campaign).values_list(
                "slug", "name", "country", "category", "status", "position", "sms_keyword"
            )
        ),
        "targets": sorted(
            Target.objects.filter(case__campaign=campaign).values_list(
                "case__slug", *TARGET_COPIED_FIELDS
            )
        ),
        "appeals": sorted(
            Appeal.objects.filter(case__campaign=campaign).values_list(
                "case__slug", *APPEAL_COPIED_FIELDS
            )
        ),
    }


def test_a_copied_edition_matches_its_source(keiko: Client, campaign: Campaign) -> None:
    case = campaign.cases.first()
    assert case is not None
    Outcome.objects.create(case=case, happened_on="2017-03-01", kind="released", summary="Free")
    ActionFactory(case=case)
    source_before = _content(campaign)

    preview = keiko.get(f"/staff/campaigns/{campaign.slug}/copy/")
    assert preview.status_code == 200
    html = preview.content.decode()
    for item in campaign.cases.all():
        assert item.name in html
    assert "Ilham Tohti" in html and "en, es, ar" not in html  # languages are sorted
    assert "ar, en, es" in html
    assert preview.context["form"].initial["slug"] == "write-for-rights-2016-2017"

    response = keiko.post(
        f"/staff/campaigns/{campaign.slug}/copy/",
        {"slug": "write-for-rights-2017-draft", "name": "Write for Rights 2017"},
    )
    assert response.status_code == 302
    copy = Campaign.objects.get(slug="write-for-rights-2017-draft")
    assert response["Location"] == f"/admin/campaigns/campaign/{copy.pk}/change/"

    assert copy.status == Campaign.Status.DRAFT
    assert copy.year == 2017
    assert copy.time_zone == campaign.time_zone
    assert campaign.opens_at is not None and copy.opens_at is not None
    assert copy.opens_at.year == campaign.opens_at.year + 1
    assert (copy.opens_at.month, copy.opens_at.day) == (
        campaign.opens_at.month,
        campaign.opens_at.day,
    )
    assert _content(copy) == source_before
    assert _content(campaign) == source_before  # the source is untouched
    assert not Outcome.objects.filter(case__campaign=copy).exists()
    assert not Action.objects.filter(campaign=copy).exists()
    entry = LogEntry.objects.get(object_id=str(copy.pk), action_flag=ADDITION)
    assert f"Copied from campaign #{campaign.pk}" in entry.change_message


def test_a_taken_address_is_refused_and_nothing_is_copied(
    keiko: Client, campaign: Campaign
) -> None:
    before = (Campaign.objects.count(), Case.objects.count(), Target.objects.count())
    response = keiko.post(
        f"/staff/campaigns/{campaign.slug}/copy/",
        {"slug": "write-for-rights-2015", "name": "Again"},
    )
    assert response.status_code == 400
    assert "already has this address" in response.content.decode()
    assert (Campaign.objects.count(), Case.objects.count(), Target.objects.count()) == before


def test_the_admin_action_leads_to_the_preview(keiko: Client, campaign: Campaign) -> None:
    response = keiko.post(
        "/admin/campaigns/campaign/",
        {"action": "copy_to_new_edition", "_selected_action": [str(campaign.pk)]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/campaigns/{campaign.slug}/copy/"


def test_only_staff_who_may_add_campaigns_copy(campaign: Campaign, client: Client) -> None:
    assert client.get(f"/staff/campaigns/{campaign.slug}/copy/").status_code == 302
    clerk = get_user_model().objects.create_user(username="clerk", password="x", is_staff=True)
    other = Client()
    other.force_login(clerk)
    before = Campaign.objects.count()
    response = other.post(f"/staff/campaigns/{campaign.slug}/copy/", {"slug": "x", "name": "x"})
    assert response.status_code == 403
    assert Campaign.objects.count() == before
