"""A case page: the story, what we ask and of whom, and the two forms, the letter prefilled."""

from __future__ import annotations

from django.test import Client
from django.utils.html import escape

from tests.factories import act_url
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.services import campaign_set_status


def test_case_page_shows_story_ask_target_and_forms(client: Client, case: Case) -> None:
    appeal = case.appeals.get(language="en")
    target = case.targets.get()

    response = client.get(case.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert case.name in html
    assert escape(appeal.story.split("\n\n")[0]) in html
    assert escape(appeal.ask) in html
    assert escape(target.name) in html
    assert escape(target.title) in html
    # One form for every way to act, with a CSRF token, and no anchor after its address.
    assert f'action="{act_url(case)}"' in html
    assert html.count('name="csrfmiddlewaretoken"') == 2  # the form and the language picker
    # The sample letter is prefilled and editable.
    assert f'name="email-subject" value="{escape(appeal.letter_subject)}"' in html
    assert 'name="email-body"' in html
    assert escape(appeal.letter_body) in html
    # The supporter is asked once.
    for field in ("name", "email", "country", "consent"):
        assert html.count(f'name="{field}"') == 1
    assert 'name="signature-body"' not in html


def test_case_page_in_spanish_prefills_the_spanish_letter(client: Client, case: Case) -> None:
    appeal = case.appeals.get(language="es")
    response = client.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(appeal.letter_body) in html
    assert escape(appeal.story.split("\n\n")[0]) in html


def test_case_of_a_closed_campaign_shows_no_forms(client: Client, case: Case) -> None:
    campaign_set_status(campaign=case.campaign, status=Campaign.Status.CLOSED)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "This campaign has ended" in html
    assert act_url(case, "email") not in html
