"""Links to a supporter's data and unsubscribe links are signed for one purpose and one
address: a forged, altered, borrowed or expired link gets a clear 400 page and changes
nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import SupporterFactory
from writeathon.supporters.links import (
    DATA_LINK_MAX_AGE_SECONDS,
    data_link_token_make,
    unsubscribe_token_make,
)
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import browser_token_make, confirmation_token_make

pytestmark = pytest.mark.django_db

DATA_PAGES = ["data", "export-json", "export-csv"]


def _url(name: str, token: str) -> str:
    return reverse(f"supporters:{name}", kwargs={"token": token})


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: "x" + t,  # payload changed
        lambda t: t.split(":")[0],  # signature removed
        lambda t: "not-a-token",
        lambda t: "%00%0d%0a<script>",
    ],
)
@pytest.mark.parametrize("page", DATA_PAGES)
def test_altered_data_link_is_refused(
    client: Client, page: str, tamper: Callable[[str], str]
) -> None:
    token = data_link_token_make(supporter=SupporterFactory())

    response = client.get(_url(page, tamper(token)))

    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()


@pytest.mark.parametrize(
    "make",
    [confirmation_token_make, browser_token_make, unsubscribe_token_make],
    ids=["confirmation", "browser", "unsubscribe"],
)
def test_a_link_made_for_something_else_does_not_open_the_data(
    client: Client, make: Callable[..., str]
) -> None:
    token = make(supporter=SupporterFactory())

    assert client.get(_url("data", token)).status_code == 400
    assert client.get(_url("export-json", token)).status_code == 400


def test_a_data_link_does_not_unsubscribe(client: Client) -> None:
    supporter = SupporterFactory()

    response = client.post(_url("unsubscribe", data_link_token_make(supporter=supporter)))

    assert response.status_code == 400
    assert Supporter.objects.get(pk=supporter.pk).email_stopped_at is None


def test_data_link_expires_after_a_day(client: Client) -> None:
    supporter = SupporterFactory()
    with time_machine.travel("2030-12-01 09:00 +0000", tick=False) as clock:
        token = data_link_token_make(supporter=supporter)
        clock.shift(timedelta(seconds=DATA_LINK_MAX_AGE_SECONDS) - timedelta(minutes=1))
        assert client.get(_url("data", token)).status_code == 200
        clock.shift(timedelta(minutes=2))

        for page in DATA_PAGES:
            response = client.get(_url(page, token))
            assert response.status_code == 400
            assert "This link has expired" in response.content.decode()
        stop = client.post(_url("stop-email", token))
        erase = client.post(_url("erase", token), {"confirm": "on"})

    assert (stop.status_code, erase.status_code) == (400, 400)
    supporter.refresh_from_db()
    assert supporter.email_stopped_at is None and supporter.erased_at is None


def test_forged_links_change_nothing(client: Client) -> None:
    supporter = SupporterFactory()
    forged = data_link_token_make(supporter=supporter) + "x"

    responses = [
        client.post(_url("stop-email", forged)),
        client.post(_url("erase", forged), {"confirm": "on"}),
        client.post(_url("unsubscribe", unsubscribe_token_make(supporter=supporter) + "x")),
    ]

    assert [r.status_code for r in responses] == [400, 400, 400]
    supporter.refresh_from_db()
    assert supporter.email is not None
    assert supporter.email_stopped_at is None and supporter.erased_at is None


def test_links_die_with_a_changed_address(client: Client) -> None:
    supporter = SupporterFactory(email="old@example.com")
    data = data_link_token_make(supporter=supporter)
    stop = unsubscribe_token_make(supporter=supporter)
    Supporter.objects.filter(pk=supporter.pk).update(email="new@example.com")

    assert client.get(_url("data", data)).status_code == 400
    assert client.get(_url("unsubscribe", stop)).status_code == 400
