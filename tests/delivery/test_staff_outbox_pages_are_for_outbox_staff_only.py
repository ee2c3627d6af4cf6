"""Every page and button of the staff outbox is for staff with the outbox permissions only.

Visitors are sent to the login page; a signed-in supporter and staff of another section are
refused; staff who may only look at the outbox cannot act on it. Nothing changes on refusal.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from tests.delivery.staff import refused_letter
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery

READ_URLS = [
    "/staff/outbox/",
    "/staff/outbox/?status=dead",
    "/staff/outbox/{delivery}/",
    "/staff/outbox/print-runs/",
    "/staff/outbox/print-runs/1/pdf",
]
ACT_URLS = [
    ("/staff/outbox/retry/", {"selected": "{delivery}"}),
    ("/staff/outbox/print-runs/new/", {"case": "{case}", "kind": "letters"}),
    ("/staff/outbox/print-runs/1/posted/", {"confirm": "on"}),
]


@pytest.fixture
def dead(case: Case) -> Delivery:
    return refused_letter(case, email="dead@example.net")


def _fill(text: str, dead: Delivery) -> str:
    return text.format(delivery=dead.pk, case=dead.case_id)


def _post(client: Client, url: str, data: dict[str, str], dead: Delivery) -> Any:
    return client.post(_fill(url, dead), {k: _fill(v, dead) for k, v in data.items()})


@pytest.mark.parametrize("url", READ_URLS)
def test_visitors_are_sent_to_the_login_page(client: Client, dead: Delivery, url: str) -> None:
    response = client.get(_fill(url, dead))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")


@pytest.mark.parametrize(("url", "data"), ACT_URLS)
def test_visitors_cannot_act(
    client: Client, dead: Delivery, url: str, data: dict[str, str]
) -> None:
    response = _post(client, url, data, dead)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert Delivery.objects.get(pk=dead.pk).status == Delivery.Status.DEAD


@pytest.mark.parametrize("actor", ["supporter_account", "other_staff"])
@pytest.mark.parametrize("url", READ_URLS)
def test_supporters_and_other_staff_are_refused(
    request: pytest.FixtureRequest, dead: Delivery, actor: str, url: str
) -> None:
    client: Client = request.getfixturevalue(actor)
    response = client.get(_fill(url, dead))
    assert response.status_code == 403
    assert dead.recipient not in response.content.decode()
    assert "Mailbox unavailable" not in response.content.decode()


@pytest.mark.parametrize("actor", ["supporter_account", "other_staff", "outbox_reader"])
@pytest.mark.parametrize(("url", "data"), ACT_URLS)
def test_only_staff_who_may_change_the_outbox_act_on_it(
    request: pytest.FixtureRequest, dead: Delivery, actor: str, url: str, data: dict[str, str]
) -> None:
    client: Client = request.getfixturevalue(actor)
    response = _post(client, url, data, dead)
    assert response.status_code == 403
    assert Delivery.objects.get(pk=dead.pk).status == Delivery.Status.DEAD
    assert not LogEntry.objects.exists()


def test_staff_who_may_only_look_see_no_buttons(outbox_reader: Client, dead: Delivery) -> None:
    html = outbox_reader.get("/staff/outbox/?status=dead").content.decode()
    assert dead.recipient in html
    assert "Mailbox unavailable" in html
    assert "Try again" not in html
    assert 'action="/staff/outbox/retry/"' not in html
