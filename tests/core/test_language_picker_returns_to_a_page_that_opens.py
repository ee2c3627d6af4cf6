"""Changing language on a form shown with errors returns to the case page, not to a 405."""

from __future__ import annotations

from django.test import Client

from tests.factories import act_url, action_form_data
from writeathon.campaigns.models import Case


def test_picker_after_a_form_error_returns_to_the_case_page(case: Case) -> None:
    client = Client()
    response = client.post(act_url(case, "signature"), action_form_data("signature", email="x"))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<input name="next" type="hidden" value="{case.get_absolute_url()}">' in html

    switched = client.post("/i18n/setlang/", {"language": "ar", "next": case.get_absolute_url()})
    assert switched.status_code == 302
    assert switched["Location"] == case.get_absolute_url()
    page = client.get(switched["Location"])
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()


def test_picker_elsewhere_returns_to_the_same_address(case: Case) -> None:
    page = Client().get(f"{case.campaign.get_absolute_url()}?ref=mail").content.decode()
    expected = f'value="{case.campaign.get_absolute_url()}?ref=mail"'
    assert expected in page
