"""Lists page with an opaque cursor, filter by case, country and date, and carry an ETag: a
read with If-None-Match gets 304 while nothing changed. Past its rate a token gets 429 with
Retry-After."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from tests.api.conftest import ApiClient
from writeathon.campaigns.models import Case
from writeathon.supporters.services import supporter_get_or_create

pytestmark = pytest.mark.django_db


def test_people_page_by_cursor_without_gaps_or_repeats(international: ApiClient) -> None:
    emails = {f"p{n}@example.net" for n in range(5)}
    for email in sorted(emails):
        supporter_get_or_create(email=email, name="P", country="PE", language="es")
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = international.get("/people", **params).json()
        seen += [p["email_addresses"][0]["address"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(emails)

    assert international.get("/people", cursor="!!not-a-cursor").status_code == 400
    assert international.get("/people", country="JO").json()["items"] == []
    assert international.get("/people", since="2999-01-01").json()["items"] == []


def test_an_unchanged_read_answers_304(international: ApiClient, case: Case) -> None:
    first = international.get("/advocacy_campaigns")
    tag = first["ETag"]
    assert first.status_code == 200 and tag
    again = international.get("/advocacy_campaigns", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    other = international.get("/advocacy_campaigns", headers={"If-None-Match": '"old"'})
    assert other.status_code == 200

    one = international.get(f"/advocacy_campaigns/{case.campaign.slug}:{case.slug}").json()
    assert one["title"] == case.name
    assert one["targets"] and "signature" in one["action_types"]


@override_settings(API_RATE_PER_MINUTE=3)
def test_past_its_rate_a_token_gets_429_with_retry_after(international: ApiClient) -> None:
    with time_machine.travel(datetime.fromisoformat("2026-12-10T10:00:20+00:00"), tick=False):
        codes = [international.get("/tallies").status_code for _ in range(4)]
        refused = international.get("/tallies")
    assert codes == [200, 200, 200, 429]
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["Retry-After"] == "40"
    with time_machine.travel(datetime.fromisoformat("2026-12-10T10:01:01+00:00"), tick=False):
        assert international.get("/tallies").status_code == 200
