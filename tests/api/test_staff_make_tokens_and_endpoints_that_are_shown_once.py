"""Staff make a partner's token and webhook endpoint in the admin: the token and the secret
are on the page once, never again; revoking takes effect at once; a test event goes to the
endpoint through the outbox and shows in its log. Old call logs and idempotent answers are
purged."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import ApiClient
from tests.factories import StaffUserFactory
from writeathon.delivery.models import Delivery
from writeathon.partners.models import (
    ApiCall,
    ApiToken,
    IdempotentRequest,
    Partner,
    WebhookEndpoint,
)
from writeathon.partners.services import partners_purge
from writeathon.sections.models import Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(campaign: object) -> Client:
    user = StaffUserFactory(is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def _shown(page: bytes) -> str:
    found = re.search(rb'id="shown-once"[^>]*value="([^"]+)"', page)
    assert found, page[:2000]
    return found.group(1).decode()


def test_a_token_is_shown_once_and_revoked_at_once(admin_client: Client) -> None:
    partner = Partner.objects.create(name="Peru CRM", section=Section.objects.get(country="PE"))
    page = admin_client.post(
        "/admin/partners/apitoken/add/",
        {"partner": partner.pk, "name": "CRM sync", "scopes": ["counts:read"], "expires_at": ""},
    )
    assert page.status_code == 200, page.content[:500]
    plain = _shown(page.content)
    token = ApiToken.objects.get()
    assert token.digest != plain and plain.startswith(token.prefix)

    listing = admin_client.get("/admin/partners/apitoken/").content.decode()
    detail = admin_client.get(f"/admin/partners/apitoken/{token.pk}/change/").content.decode()
    assert plain not in listing and plain not in detail

    api = Client()
    assert (
        api.get("/api/v1/tallies", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    )
    admin_client.post(
        "/admin/partners/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert (
        api.get("/api/v1/tallies", headers={"Authorization": f"Bearer {plain}"}).status_code == 401
    )


def test_staff_send_a_test_event_and_see_it_in_the_endpoints_log(
    admin_client: Client, peru_crm: ApiClient
) -> None:
    page = admin_client.post(
        "/admin/partners/webhookendpoint/add/",
        {
            "partner": peru_crm.partner.pk,
            "url": "https://crm.example.org/hooks",
            "events": ["action.confirmed"],
            "is_active": "on",
        },
    )
    assert page.status_code == 200, page.content[:500]
    secret = _shown(page.content)
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret == secret
    assert (
        secret
        not in admin_client.get(
            f"/admin/partners/webhookendpoint/{endpoint.pk}/change/"
        ).content.decode()
    )

    admin_client.post(
        "/admin/partners/webhookendpoint/",
        {"action": "send_test_event", "_selected_action": [endpoint.pk]},
    )
    ping = Delivery.objects.get(kind=Delivery.Kind.WEBHOOK)
    assert ping.payload["type"] == "ping"
    assert ping.recipient == "https://crm.example.org/hooks"
    log = admin_client.get(f"/admin/partners/webhookendpoint/{endpoint.pk}/change/")
    assert "ping" in log.content.decode()


def test_old_call_logs_and_idempotent_answers_are_purged(peru_crm: ApiClient) -> None:
    peru_crm.get("/tallies")
    IdempotentRequest.objects.create(
        token=peru_crm.token, key="old", request_digest="x", status=200, body={}
    )
    assert partners_purge(now=timezone.now() + timedelta(days=8)) == 1
    assert ApiCall.objects.count() == 1
    assert partners_purge(now=timezone.now() + timedelta(days=91)) == 1
    assert not ApiCall.objects.exists()
