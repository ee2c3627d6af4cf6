"""A partner's token opens what its scopes name and its section holds: nothing without a
token, nothing once revoked or expired, people only of the partner's own section."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from tests.api.conftest import ALL_SCOPES, ApiClient, partner_with_token
from writeathon.campaigns.models import Campaign
from writeathon.partners.models import ApiCall, ApiToken
from writeathon.partners.services import api_token_revoke
from writeathon.supporters.services import supporter_get_or_create

pytestmark = pytest.mark.django_db


def _people(client: ApiClient) -> set[str]:
    response = client.get("/people", limit=100)
    assert response.status_code == 200, response.content
    return {p["email_addresses"][0]["address"] for p in response.json()["items"]}


def test_without_a_valid_token_every_call_is_a_401_problem(peru_crm: ApiClient) -> None:
    from django.test import Client

    response = Client().get("/api/v1/tallies")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["status"] == 401

    wrong = Client().get("/api/v1/tallies", HTTP_AUTHORIZATION="Bearer wat_not-a-token")
    assert wrong.status_code == 401


def test_a_revoked_or_expired_token_fails_at_once(campaign: Campaign) -> None:
    client = partner_with_token("Revoked", None, ALL_SCOPES)
    assert client.get("/tallies").status_code == 200
    assert api_token_revoke(token_id=client.token.pk)
    assert client.get("/tallies").status_code == 401

    expired = partner_with_token("Expired", None, ALL_SCOPES, expires_in=timedelta(seconds=-1))
    assert expired.get("/tallies").status_code == 401


def test_the_token_is_stored_only_as_its_hash(peru_crm: ApiClient) -> None:
    token = ApiToken.objects.get(pk=peru_crm.token.pk)
    assert token.digest != peru_crm.plain
    assert peru_crm.plain.startswith(token.prefix)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM partners_apitoken")
        assert not any(peru_crm.plain in str(value) for row in cursor.fetchall() for value in row)


def test_a_scope_the_token_lacks_is_a_403_problem(counts_only: ApiClient) -> None:
    assert counts_only.get("/tallies").status_code == 200
    response = counts_only.get("/people")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "people:read" in response.json()["detail"]


def test_a_sections_partner_reads_only_its_sections_people(
    peru_crm: ApiClient, jordan_crm: ApiClient, international: ApiClient
) -> None:
    supporter_get_or_create(email="lima@example.net", name="Rosa", country="PE", language="es")
    supporter_get_or_create(email="amman@example.net", name="Omar", country="JO", language="ar")

    assert _people(peru_crm) == {"lima@example.net"}
    assert _people(jordan_crm) == {"amman@example.net"}
    assert {"lima@example.net", "amman@example.net"} <= _people(international)


def test_every_call_is_logged_with_its_status(peru_crm: ApiClient, counts_only: ApiClient) -> None:
    peru_crm.get("/tallies")
    counts_only.get("/people")
    calls = list(
        ApiCall.objects.order_by("pk").values_list("token__partner__name", "path", "status")
    )
    assert calls == [
        ("Peru CRM", "/api/v1/tallies", 200),
        ("School network", "/api/v1/people", 403),
    ]
