"""Five failed staff sign-ins for one username from one address lock that pair out for 30 min."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

PASSWORD = "correct-horse-battery-1"


@pytest.fixture
def staff(db: Any) -> Any:
    return get_user_model().objects.create_user(
        username="dana", password=PASSWORD, is_staff=True, is_superuser=True
    )


def _sign_in(client: Client, username: str, password: str, **extra: Any) -> Any:
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def _fail(client: Client, times: int, username: str = "dana", **extra: str) -> None:
    for _ in range(times):
        response = _sign_in(client, username, "wrong-password", **extra)
        assert response.status_code == 200  # the form again, with its error


def test_the_fifth_failure_locks_the_account_out_from_that_address(staff: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.20")
    _fail(client, 4)
    # Four failures: the right password still works.
    assert _sign_in(client, "dana", PASSWORD).status_code == 302
    client.logout()

    _fail(client, 4)  # a success resets the count
    response = _sign_in(client, "dana", "wrong-password")
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert "Try again in 30 minutes" in response.content.decode()
    assert response["Retry-After"] == "1800"

    # Locked out: even the right password is refused, and nobody is signed in.
    response = _sign_in(client, "dana", PASSWORD)
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_the_lockout_ends_after_thirty_minutes(staff: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.21")
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)):
        _fail(client, 4)
        assert _sign_in(client, "dana", "wrong").status_code == 429
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 20, tzinfo=datetime.UTC)):
        assert _sign_in(client, "dana", PASSWORD).status_code == 429
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)):
        assert _sign_in(client, "dana", PASSWORD).status_code == 302


def test_another_address_or_another_username_is_not_locked_out(staff: Any) -> None:
    get_user_model().objects.create_user(username="eli", password=PASSWORD, is_staff=True)
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    _fail(attacker, 4)
    assert _sign_in(attacker, "dana", "wrong").status_code == 429
    assert _sign_in(attacker, "dana", PASSWORD).status_code == 429

    assert _sign_in(attacker, "eli", PASSWORD).status_code == 302
    colleague = Client(REMOTE_ADDR="198.51.100.22")
    assert _sign_in(colleague, "dana", PASSWORD).status_code == 302


def test_behind_the_proxy_the_forwarded_address_is_counted(staff: Any, settings: Any) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    # The left-most entry is the client's own claim and changes every time: it does not matter.
    for n in range(5):
        _sign_in(proxy, "dana", "wrong", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.77")
    assert _sign_in(proxy, "dana", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.77").status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.77"
    # Someone else behind the same proxy signs in.
    assert _sign_in(proxy, "dana", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.5").status_code == 302


def test_limit_and_duration_come_from_the_settings(staff: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)
    client = Client(REMOTE_ADDR="198.51.100.23")
    _fail(client, 1)
    response = _sign_in(client, "dana", "wrong")
    assert response.status_code == 429
    assert "Try again in 5 minutes" in response.content.decode()
    assert response["Retry-After"] == "300"


def test_the_lockout_page_follows_the_readers_language(staff: Any) -> None:
    client = Client(REMOTE_ADDR="198.51.100.24", HTTP_ACCEPT_LANGUAGE="ar")
    _fail(client, 4)
    response = _sign_in(client, "dana", "wrong")
    assert response.status_code == 429
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
