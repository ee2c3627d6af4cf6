"""Besides a username from one address, staff sign-in is locked out for an address that fails
across many usernames (password spraying) and for a username that fails from many addresses
(a stranger rotating addresses), each with its own limit; the page stays the translated 429."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

PASSWORD = "correct-horse-battery-1"
STRANGER_IP = "203.0.113.66"
OFFICE_IP = "198.51.100.20"
START = datetime.datetime(2030, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    settings.STAFF_LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    settings.STAFF_LOGIN_FAILURE_LIMIT_PER_USERNAME = 8


@pytest.fixture
def staff(db: Any) -> list[str]:
    """Staff of two sections and one with no permission: their usernames."""
    names = ["dana", "eli", "fay"]
    for name in names:
        get_user_model().objects.create_user(username=name, password=PASSWORD, is_staff=True)
    return names


def _sign_in(address: str, username: str, password: str, **extra: Any) -> Any:
    return Client(REMOTE_ADDR=address, **extra).post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def test_an_address_spraying_passwords_across_usernames_is_locked_out(staff: list[str]) -> None:
    with time_machine.travel(START, tick=False) as clock:
        # Two or three tries per username: the limit per username and address is never met.
        tries = (staff * 3)[:7]
        for username in tries:
            assert _sign_in(STRANGER_IP, username, "Winter2030!").status_code == 200, username

        response = _sign_in(STRANGER_IP, "nobody", "Winter2030!")

        assert response.status_code == 429
        assert "Signing in is paused" in response.content.decode()
        assert response["Retry-After"] == "1800"
        # From that address, even a right password is refused now.
        assert _sign_in(STRANGER_IP, "fay", PASSWORD).status_code == 429
        # Staff in their office are not held back.
        assert _sign_in(OFFICE_IP, "fay", PASSWORD).status_code == 302
        clock.shift(datetime.timedelta(minutes=31))
        assert _sign_in(STRANGER_IP, "fay", PASSWORD).status_code == 302


def test_a_username_tried_from_many_addresses_is_locked_out(staff: list[str]) -> None:
    with time_machine.travel(START, tick=False) as clock:
        for n in range(7):
            address = f"192.0.2.{n + 1}"
            assert _sign_in(address, "dana", "Winter2030!").status_code == 200, address

        response = _sign_in("192.0.2.99", "dana", "Winter2030!", HTTP_ACCEPT_LANGUAGE="es")

        assert response.status_code == 429
        assert '<html lang="es"' in response.content.decode()
        # The account waits out the lockout, wherever the right password comes from.
        assert _sign_in(OFFICE_IP, "dana", PASSWORD).status_code == 429
        # Other staff sign in from the same addresses.
        assert _sign_in("192.0.2.1", "eli", PASSWORD).status_code == 302
        clock.shift(datetime.timedelta(minutes=31))
        assert _sign_in(OFFICE_IP, "dana", PASSWORD).status_code == 302


def test_below_the_wider_limits_only_the_pair_counts(staff: list[str]) -> None:
    """The office where two colleagues mistype a few times is not locked out."""
    for username in ("dana", "eli"):
        for _ in range(3):
            assert _sign_in(OFFICE_IP, username, "typo").status_code == 200
    assert _sign_in(OFFICE_IP, "fay", PASSWORD).status_code == 302
    assert _sign_in(OFFICE_IP, "dana", PASSWORD).status_code == 302


def test_a_success_clears_only_its_own_username_and_address(staff: list[str]) -> None:
    """A stranger's failures against dana from elsewhere do not vanish when she signs in."""
    for n in range(6):
        assert _sign_in(f"192.0.2.{n + 1}", "dana", "Winter2030!").status_code == 200
    assert _sign_in(OFFICE_IP, "dana", PASSWORD).status_code == 302
    assert _sign_in("192.0.2.50", "dana", "Winter2030!").status_code == 200
    assert _sign_in("192.0.2.51", "dana", "Winter2030!").status_code == 429
