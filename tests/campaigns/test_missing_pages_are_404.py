"""Unknown or unpublished campaigns and cases are 404, on a translated page of the site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import CampaignFactory, CaseFactory
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.services import case_set_status


def _url(campaign_slug: str, case_slug: str | None = None) -> str:
    if case_slug is None:
        return f"/campaigns/{campaign_slug}/"
    return f"/campaigns/{campaign_slug}/cases/{case_slug}/"


@pytest.mark.parametrize(
    "url",
    [
        _url("no-such-campaign"),
        _url("no-such-campaign", "shawkan"),
        _url("write-for-rights-2016", "no-such-case"),
        _url("write-for-rights-2015", "shawkan"),  # a case of another campaign
        "/no/such/page/",
    ],
)
def test_unknown_page_is_404(client: Client, campaign: Campaign, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'class="site-header"' in response.content  # the site's page, not a bare error


def test_draft_case_is_404(client: Client, case: Case) -> None:
    assert client.get(case.get_absolute_url()).status_code == 200
    case_set_status(case=case, status=Case.Status.DRAFT)
    assert client.get(case.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_draft_campaign_and_its_cases_are_404(client: Client) -> None:
    draft = CampaignFactory(status=Campaign.Status.DRAFT)
    case = CaseFactory(campaign=draft)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(case.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("language", ["es", "ar"])
def test_404_page_is_translated(client: Client, campaign: Campaign, language: str) -> None:
    with translation.override(language):
        heading = gettext("Page not found")
        lead = gettext(
            "We could not find this page. It may have moved, or the address may be mistyped."
        )
    assert lead != "We could not find this page. It may have moved, or the address may be mistyped."

    response = client.get(_url("no-such-campaign"), HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert lead in html
