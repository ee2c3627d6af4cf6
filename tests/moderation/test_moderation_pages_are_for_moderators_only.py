"""Held messages are read and decided by moderators only: an anonymous visitor is sent to the
login page; a supporter's account and staff without the moderation permission (even with
every outbox permission) are refused. Nothing changes and nothing is logged on refusal."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from tests.moderation.conftest import DECIDE, QUEUE, held_delivery
from writeathon.campaigns.models import Case
from writeathon.core.models import PersonalDataAccess
from writeathon.delivery.models import Delivery
from writeathon.moderation.models import ModerationDecision

READ_URLS = [QUEUE, QUEUE + "?channel=solidarity", QUEUE + "{delivery}/"]
SECRET = "Dear Prosecutor, ring me on +34 612 345 678 about Shawkan."


@pytest.fixture
def held(case: Case) -> Delivery:
    return held_delivery(case, email="held@example.net", body=SECRET)


@pytest.mark.parametrize("url", READ_URLS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(
    client: Client, held: Delivery, url: str
) -> None:
    response = client.get(url.format(delivery=held.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")


def test_an_anonymous_visitor_cannot_decide(client: Client, held: Delivery) -> None:
    response = client.post(DECIDE, {"selected": [str(held.pk)], "decision": "approve"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert Delivery.objects.get(pk=held.pk).status == Delivery.Status.HELD


@pytest.mark.parametrize("actor", ["supporter_account", "outbox_staff_without_moderation"])
@pytest.mark.parametrize("url", READ_URLS)
def test_supporters_and_staff_without_the_permission_are_refused(
    request: pytest.FixtureRequest, held: Delivery, actor: str, url: str
) -> None:
    client: Client = request.getfixturevalue(actor)
    response = client.get(url.format(delivery=held.pk))
    assert response.status_code == 403
    assert "612 345 678" not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("actor", ["supporter_account", "outbox_staff_without_moderation"])
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_supporters_and_staff_without_the_permission_cannot_decide(
    request: pytest.FixtureRequest, held: Delivery, actor: str, decision: str
) -> None:
    client: Client = request.getfixturevalue(actor)
    response = client.post(DECIDE, {"selected": [str(held.pk)], "decision": decision})
    assert response.status_code == 403
    assert Delivery.objects.get(pk=held.pk).status == Delivery.Status.HELD
    assert not LogEntry.objects.exists()
    assert not ModerationDecision.objects.exists()


def test_a_moderator_reads_and_decides(moderator: Client, held: Delivery) -> None:
    assert "612 345 678" in moderator.get(QUEUE).content.decode()
    response = moderator.post(DECIDE, {"selected": [str(held.pk)], "decision": "approve"})
    assert response.status_code == 302
    assert Delivery.objects.get(pk=held.pk).status == Delivery.Status.QUEUED
