"""Named partners for the API tests: Peru's CRM, Jordan's CRM and an international one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from writeathon.campaigns.models import Campaign
from writeathon.partners.models import ApiToken, Partner, Scope
from writeathon.partners.services import api_token_create
from writeathon.sections.models import Section

ALL_SCOPES = [s.value for s in Scope]


@dataclass
class ApiClient:
    """A partner's system: a token and a client that sends it."""

    name: str
    partner: Partner
    token: ApiToken
    plain: str

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.plain}", **(extra or {})}

    def get(self, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return Client().get(f"/api/v1{path}", params, headers=self._headers(headers))

    def post(
        self, path: str, body: Any, key: str | None = "k-1", headers: dict[str, str] | None = None
    ) -> Any:
        extra = {"Idempotency-Key": key} if key else {}
        return Client().post(
            f"/api/v1{path}",
            body,
            content_type="application/json",
            headers=self._headers({**extra, **(headers or {})}),
        )


def partner_with_token(
    name: str, section: Section | None, scopes: list[str], expires_in: timedelta | None = None
) -> ApiClient:
    partner = Partner.objects.create(name=name, section=section)
    token, plain = api_token_create(
        partner=partner,
        name=f"{name} token",
        scopes=scopes,
        expires_at=timezone.now() + expires_in if expires_in else None,
    )
    return ApiClient(name=name, partner=partner, token=token, plain=plain)


@pytest.fixture
def peru_crm(campaign: Campaign) -> ApiClient:
    return partner_with_token("Peru CRM", Section.objects.get(country="PE"), ALL_SCOPES)


@pytest.fixture
def jordan_crm(campaign: Campaign) -> ApiClient:
    return partner_with_token("Jordan CRM", Section.objects.get(country="JO"), ALL_SCOPES)


@pytest.fixture
def international(campaign: Campaign) -> ApiClient:
    return partner_with_token("International hub", None, ALL_SCOPES)


@pytest.fixture
def counts_only(campaign: Campaign) -> ApiClient:
    return partner_with_token("School network", None, [Scope.COUNTS_READ])
