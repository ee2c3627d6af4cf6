"""A staff session ends STAFF_SESSION_SECONDS (eight hours by default) after sign-in, however
busy it was: a laptop left signed in overnight, or a stolen session cookie, does not keep
the admin open for two weeks."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import StaffUserFactory

START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
ADMIN = "/admin/"


def _signed_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(
        f"/admin/login/?next={ADMIN}", {"username": username, "password": password}
    )
    assert response.status_code == 302
    return client


def _open_admin(client: Client) -> int:
    return client.get(ADMIN).status_code


@pytest.fixture
def staff(db: Any) -> Any:
    return StaffUserFactory(username="paola", password="pw-paola-123456")


def test_eight_hours_by_default_even_when_busy(staff: Any) -> None:
    with time_machine.travel(START, tick=False):
        client = _signed_in("paola", "pw-paola-123456")
        # Counted from the sign-in itself, not from a later page.
        assert client.session.get_expiry_date() == START + datetime.timedelta(hours=8)
        assert _open_admin(client) == 200
    for hours in (1, 4, 7.9):  # at work all day: each page keeps nothing alive past eight hours
        with time_machine.travel(START + datetime.timedelta(hours=hours), tick=False):
            assert _open_admin(client) == 200, hours
    with time_machine.travel(START + datetime.timedelta(hours=8, minutes=1), tick=False):
        response = client.get(ADMIN)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert "_auth_user_id" not in client.session


def test_the_length_is_a_setting(staff: Any, settings: Any) -> None:
    settings.STAFF_SESSION_SECONDS = 3600
    with time_machine.travel(START, tick=False):
        client = _signed_in("paola", "pw-paola-123456")
        assert _open_admin(client) == 200
    with time_machine.travel(START + datetime.timedelta(minutes=59), tick=False):
        assert _open_admin(client) == 200
    with time_machine.travel(START + datetime.timedelta(minutes=61), tick=False):
        assert _open_admin(client) == 302


def test_a_session_from_before_the_limit_is_cut_too(staff: Any) -> None:
    """A session signed in without the limit (before an upgrade) gets it at its next page."""
    client = Client()
    with time_machine.travel(START, tick=False):
        client.force_login(staff)
        session = client.session
        session.pop("writeathon_staff_session", None)
        session.set_expiry(None)
        session.save()
        assert _open_admin(client) == 200
    with time_machine.travel(START + datetime.timedelta(hours=8, minutes=1), tick=False):
        assert _open_admin(client) == 302


def test_a_non_staff_account_keeps_the_usual_length(db: Any) -> None:
    get_user_model().objects.create_user(username="sam", password="pw-sam-123456")
    client = Client()
    with time_machine.travel(START, tick=False):
        assert client.login(username="sam", password="pw-sam-123456")
    with time_machine.travel(START + datetime.timedelta(days=13), tick=False):
        assert "_auth_user_id" in client.session
