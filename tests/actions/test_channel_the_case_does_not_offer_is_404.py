"""A fax, a posted letter or a post needs an official with a fax number, an address or a handle:
on a case without one, that channel's address is 404 and nothing is stored."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import (
    AppealFactory,
    CaseFactory,
    TargetFactory,
    act_url,
    action_form_data,
    stored_rows,
)
from writeathon.campaigns.models import Case


@pytest.fixture
def email_only_case(db: None) -> Case:
    case = CaseFactory()
    AppealFactory(case=case)
    TargetFactory(case=case, fax="", postal_address="", social_handle="")
    return case


@pytest.mark.parametrize("channel", ["fax", "letter", "tweet"])
def test_channel_without_an_official_to_reach_is_404(
    client: Client, email_only_case: Case, channel: str
) -> None:
    before = stored_rows()
    response = client.post(act_url(email_only_case, channel), action_form_data(channel))
    assert response.status_code == 404
    assert stored_rows() == before


@pytest.mark.parametrize("channel", ["email", "solidarity", "signature"])
def test_channels_that_need_no_contact_detail_stay_open(
    client: Client, email_only_case: Case, channel: str
) -> None:
    response = client.post(act_url(email_only_case, channel), action_form_data(channel))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("field", "channel"),
    [("fax", "fax"), ("postal_address", "letter"), ("social_handle", "tweet")],
)
def test_a_second_official_with_the_detail_opens_the_channel(
    client: Client, email_only_case: Case, field: str, channel: str
) -> None:
    details = {"fax": "+1 555 0199", "postal_address": "1 Main St", "social_handle": "@ana"}
    TargetFactory(case=email_only_case, position=5, **{field: details[field]})
    response = client.post(act_url(email_only_case, channel), action_form_data(channel))
    assert response.status_code == 302
