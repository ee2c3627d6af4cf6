"""Only POST the ways to act a case offers: anything else is 404 or 405, and nothing is stored."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import act_form_data, act_url, action_form_data, stored_rows
from writeathon.campaigns.models import Case
from writeathon.campaigns.services import case_set_status


@pytest.mark.parametrize("channel", ["sms", "Email", "x"])
def test_unknown_or_unavailable_channel_is_404(client: Client, case: Case, channel: str) -> None:
    before = stored_rows()
    response = client.post(act_url(case), act_form_data(["email", channel]))
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert stored_rows() == before


@pytest.mark.parametrize("channel", ["email", "fax", "letter", "tweet", "solidarity", "signature"])
def test_get_on_act_url_is_405(client: Client, case: Case, channel: str) -> None:
    before = stored_rows()
    response = client.get(act_url(case, channel), action_form_data(channel))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert stored_rows() == before


def test_acting_on_unknown_or_draft_case_is_404(client: Client, case: Case) -> None:
    before = stored_rows()
    unknown = act_url(case, "signature").replace("/shawkan/", "/nobody/")
    assert client.post(unknown, action_form_data("signature")).status_code == 404

    case_set_status(case=case, status=case.Status.DRAFT)
    response = client.post(act_url(case, "signature"), action_form_data("signature"))
    assert response.status_code == 404
    assert stored_rows() == before
