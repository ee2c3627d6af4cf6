"""A stranger who rotates their IPv6 address inside the /64 they were given (evasion/
ipv6_rotation.json) is one client: the form limit per address and the staff sign-in lockout
hold them, while a neighbour in the next /64 is not held back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import act_url, action_form_data, stored_rows
from writeathon.campaigns.models import Case

ROTATIONS = json.loads(
    (Path(__file__).parent / "evasion" / "ipv6_rotation.json").read_text(encoding="utf-8")
)["rotations"]
START = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery-1"


def _ids(rotation: dict[str, Any]) -> str:
    return str(rotation["id"])


@pytest.mark.parametrize("rotation", ROTATIONS, ids=_ids)
def test_the_form_limit_holds_a_client_rotating_inside_its_network(
    case: Case, settings: Any, rotation: dict[str, Any]
) -> None:
    settings.RATE_LIMIT_FORM_PER_IP = [(3, 60)]
    addresses = rotation["addresses"]
    url = act_url(case, "signature")
    with time_machine.travel(START, tick=False):
        for n, address in enumerate(addresses[:3]):
            data = action_form_data("signature", email=f"rotating{n}@example.com")
            assert Client(REMOTE_ADDR=address).post(url, data).status_code == 302, address
        before = stored_rows()
        for n, address in enumerate(addresses[3:], start=3):
            data = action_form_data("signature", email=f"rotating{n}@example.com")
            response = Client(REMOTE_ADDR=address).post(url, data)
            assert response.status_code == 429, address
        assert stored_rows() == before

        neighbour = Client(REMOTE_ADDR=rotation["neighbour"])
        data = action_form_data("signature", email="neighbour@example.com")
        assert neighbour.post(url, data).status_code == 302


def _sign_in(address: str, password: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        reverse("admin:login"), {"username": "dana", "password": password, "next": "/admin/"}
    )


@pytest.mark.parametrize("rotation", ROTATIONS, ids=_ids)
def test_the_sign_in_lockout_holds_a_client_rotating_inside_its_network(
    db: Any, settings: Any, rotation: dict[str, Any]
) -> None:
    get_user_model().objects.create_user(
        username="dana", password=PASSWORD, is_staff=True, is_superuser=True
    )
    settings.AXES_FAILURE_LIMIT = 3
    addresses = rotation["addresses"]
    for address in addresses[:2]:
        assert _sign_in(address, "wrong-password").status_code == 200, address

    response = _sign_in(addresses[2], "wrong-password")

    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    for address in addresses[3:]:
        assert _sign_in(address, PASSWORD).status_code == 429, address
    # The staff member herself, at home in another network, signs in.
    assert _sign_in(rotation["neighbour"], PASSWORD).status_code == 302
