"""An action recorded by a partner goes through the one intake service: the same checks,
screening and confirmation as the web form, counted once however often it is retried."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ApiClient, partner_with_token
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Source
from writeathon.delivery.models import Delivery
from writeathon.partners.models import Scope
from writeathon.reporting.selectors import counter_forget, counter_snapshot

pytestmark = pytest.mark.django_db


def _body(**extra: Any) -> dict[str, Any]:
    return {
        "person": {
            "given_name": "Rosa",
            "family_name": "Quispe",
            "email_addresses": [{"address": "rosa@example.net"}],
            "postal_addresses": [{"country": "PE"}],
            "languages_spoken": ["es"],
        },
        "type": "signature",
        **extra,
    }


def _path(case: Case) -> str:
    return f"/advocacy_campaigns/{case.campaign.slug}:{case.slug}/outreaches"


def _total(campaign: Campaign) -> int:
    counter_forget(campaign=campaign)
    return counter_snapshot(campaign=campaign).total


def test_a_new_address_waits_for_its_owner_and_gets_the_confirmation_email(
    peru_crm: ApiClient, case: Case
) -> None:
    before = _total(case.campaign)
    response = peru_crm.post(_path(case), _body())
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    action = Action.objects.get()
    assert action.source == Source.API
    assert Delivery.objects.filter(kind=Delivery.Kind.CONFIRMATION).count() == 1
    assert _total(case.campaign) == before


def test_a_retry_with_the_same_key_gets_the_same_answer_and_counts_once(
    peru_crm: ApiClient, case: Case
) -> None:
    first = peru_crm.post(_path(case), _body(confirmed=True), key="retry-1")
    again = peru_crm.post(_path(case), _body(confirmed=True), key="retry-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Action.objects.count() == 1

    other = peru_crm.post(_path(case), _body(confirmed=True, type="solidarity"), key="retry-1")
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert Action.objects.count() == 1


def test_a_post_without_an_idempotency_key_is_refused(peru_crm: ApiClient, case: Case) -> None:
    response = peru_crm.post(_path(case), _body(), key=None)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["title"]
    assert not Action.objects.exists()


def test_only_a_token_with_the_scope_for_it_records_an_action_as_confirmed(
    case: Case, peru_crm: ApiClient
) -> None:
    writer = partner_with_token("Writer only", None, [Scope.ACTIONS_WRITE])
    refused = writer.post(_path(case), _body(confirmed=True))
    assert refused.status_code == 403
    assert not Action.objects.exists()

    before = _total(case.campaign)
    confirmed = peru_crm.post(_path(case), _body(confirmed=True))
    assert confirmed.json()["status"] == "confirmed"
    assert _total(case.campaign) == before + 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "email", "message": "too short"}, "message"),
        ({"type": "carrier-pigeon"}, "type"),
        (
            {
                "person": {
                    "given_name": "R",
                    "email_addresses": [{"address": "not an address"}],
                    "postal_addresses": [{"country": "PE"}],
                }
            },
            "address",
        ),
        (
            {
                "person": {
                    "given_name": "R",
                    "email_addresses": [{"address": "r@example.net"}],
                    "postal_addresses": [{"country": "ZZ"}],
                }
            },
            "country",
        ),
    ],
)
def test_bad_input_is_a_422_problem_naming_the_field_and_stores_nothing(
    peru_crm: ApiClient, case: Case, change: dict[str, Any], field: str
) -> None:
    response = peru_crm.post(_path(case), _body(**change))
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert any(field in error["field"] for error in response.json()["errors"])
    assert not Action.objects.exists()


def test_an_unknown_case_is_a_404_problem(peru_crm: ApiClient) -> None:
    response = peru_crm.post("/advocacy_campaigns/nope:nobody/outreaches", _body())
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_errors_speak_the_partners_language(peru_crm: ApiClient, case: Case) -> None:
    response = peru_crm.post(_path(case), _body(), key=None, headers={"Accept-Language": "es"})
    assert response.status_code == 400
    assert response.json()["title"] != "Idempotency-Key needed"
