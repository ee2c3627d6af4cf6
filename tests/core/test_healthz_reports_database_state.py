"""GET /healthz: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client


@pytest.mark.django_db
def test_healthy(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up", "cache": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_database_down_is_503(client: Client) -> None:
    refused = OperationalError("connection refused")
    with mock.patch.object(connections["default"], "cursor", side_effect=refused) as cursor:
        response = client.get("/healthz")
    assert cursor.called
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "cache": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_query_failure_is_503(client: Client) -> None:
    # The connection opens but the query fails (a database restarting, a lost connection).
    def fail(sql: str, *args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=fail):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_only_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
