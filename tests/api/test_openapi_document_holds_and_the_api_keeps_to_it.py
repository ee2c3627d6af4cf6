"""The OpenAPI 3.1 document and its documentation page come from the package (nothing from
the web), and the API keeps to the document: schemathesis sends it what the document
allows, and no answer is a 5xx or strays from the schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import ALL_SCOPES, partner_with_token
from writeathon.campaigns.models import Campaign

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def bearer(campaign: Campaign) -> Iterator[dict[str, str]]:
    client = partner_with_token("Schema tester", None, ALL_SCOPES)
    # As Django's test client does: the test's own connection stays open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(API_RATE_PER_MINUTE=0):
            yield {"Authorization": f"Bearer {client.plain}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_keeps_to_its_document(case: Any, bearer: dict[str, str]) -> None:
    case.call_and_validate(
        headers=bearer,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


def test_the_document_is_openapi_3_1_with_problem_errors() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    post = document["paths"]["/api/v1/tallies"]["post"]
    assert "application/problem+json" in post["responses"]["422"]["content"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])


@pytest.mark.django_db
def test_the_documentation_page_loads_nothing_from_the_web() -> None:
    page = Client().get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger" in html.lower()
    assert not re.search(r"""(src|href)=["']https?://""", html)
