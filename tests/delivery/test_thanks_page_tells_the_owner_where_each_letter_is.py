"""The thank-you page tells the writer, in their own browser only, where each letter of
their action stands: delivered, waiting, held for review, or in trouble. Anyone else who
opens the page learns nothing about its deliveries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SmtpServer
from tests.delivery.outbox import confirmed_action, outbox_pass, past_tomorrows_digest_hour
from tests.delivery.staff import refused_letter, staff_user
from tests.factories import ActionFactory, SupporterFactory, owner_client
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.forget import deliveries_text_purge
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import deliveries_review, digests_compose

HEADING = "Where your action is now"


def _thanks(action: Action) -> str:
    return reverse("actions:thanks", kwargs={"public_id": action.public_id})


def _action_of(delivery: Delivery) -> Action:
    assert delivery.action is not None
    return delivery.action


def _queued_email(case: Case) -> Action:
    return confirmed_action(case, Channel.EMAIL, email="queued@example.net")


def _postal(case: Case) -> Action:
    return confirmed_action(case, Channel.LETTER, email="postal@example.net")


def _held(case: Case) -> Action:
    return confirmed_action(case, Channel.SOLIDARITY, email="held@example.net", body="Courage!")


def _rejected(case: Case) -> Action:
    action = confirmed_action(case, Channel.SOLIDARITY, email="rej@example.net", body="Hmm")
    deliveries_review(
        delivery_ids=[action.deliveries.get().pk], approve=False, user_id=staff_user("rejecter").pk
    )
    return action


def _approved(case: Case) -> Action:
    action = confirmed_action(case, Channel.SOLIDARITY, email="ok@example.net", body="Courage!")
    deliveries_review(
        delivery_ids=[action.deliveries.get().pk], approve=True, user_id=staff_user("approver").pk
    )
    return action


def _digest(case: Case) -> Action:
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST)
    return confirmed_action(case, Channel.EMAIL, email="digest@example.net")


def _in_a_digest(case: Case) -> Action:
    action = _digest(case)
    assert digests_compose(now=past_tomorrows_digest_hour()) == 1
    return action


def _failed(case: Case) -> Action:
    return _action_of(
        refused_letter(case, email="failed@example.net", error="421 Busy", permanent=False)
    )


def _dead(case: Case) -> Action:
    return _action_of(refused_letter(case, email="dead@example.net"))


def _dead_then_purged(case: Case) -> Action:
    """Dead, then its text deleted after the retention period: it can never go now."""
    action = _dead(case)
    later = timezone.now() + timedelta(days=1)
    assert deliveries_text_purge(finished_before=later, limit=10, batch=10) == 1
    assert action.deliveries.get().status == Delivery.Status.CANCELLED
    return action


STATES: list[tuple[Callable[[Case], Action], str]] = [
    (_queued_email, "To Nabil Sadek:</strong>\n          Waiting in the outbox"),
    (_postal, "Waiting for the next print run"),
    (_held, "To Shawkan:</strong>\n          Read by our team before it is passed on"),
    (_approved, "Waiting for the next print run"),
    (_rejected, "Our team decided not to pass this message on"),
    (_digest, "Will go in today's digest"),
    (_in_a_digest, "Will go in today's digest"),
    (_failed, "Could not be delivered yet: we keep trying"),
    (_dead, "Could not be delivered; our team has been told"),
    (_dead_then_purged, "Cancelled before it was sent"),
]
ALL_TEXTS = [
    HEADING,
    "Waiting in the outbox",
    "Waiting for the next print run",
    "Read by our team",
    "Will go in today",
    "Could not be delivered",
    "Delivered to",
    "decided not to pass",
    "Cancelled before",
]


@pytest.mark.parametrize(("make", "text"), STATES)
def test_the_owner_sees_where_each_delivery_stands(
    case: Case, make: Callable[[Case], Action], text: str
) -> None:
    action = make(case)
    assert action.supporter is not None
    html = owner_client(action.supporter).get(_thanks(action)).content.decode()
    assert HEADING in html
    assert text in html


def test_the_owner_sees_the_official_and_the_day_of_delivery(
    case: Case, smtp_server: SmtpServer
) -> None:
    action = confirmed_action(case, Channel.EMAIL, email="owner@example.net")
    assert len(outbox_pass().delivered) == 1
    delivered = Delivery.objects.get(action=action, kind=Delivery.Kind.LETTER)
    assert action.supporter is not None

    html = owner_client(action.supporter).get(_thanks(action)).content.decode()

    day = date_filter(delivered.delivered_at, "DATE_FORMAT")
    assert f"Delivered to Nabil Sadek on {day}" in html


def test_each_official_of_the_case_is_listed(case: Case) -> None:
    Target.objects.create(
        case=case, name="Second <Official>", title="Minister", email="m@example.org", language="ar"
    )
    action = confirmed_action(case, Channel.EMAIL, email="two@example.net")
    assert action.supporter is not None
    html = owner_client(action.supporter).get(_thanks(action)).content.decode()
    assert html.count("Waiting in the outbox") == 2
    assert "To Second &lt;Official&gt;:" in html


@pytest.mark.parametrize("make", [make for make, _text in STATES])
def test_anyone_else_learns_nothing_about_deliveries(
    client: Client, case: Case, make: Callable[[Case], Action]
) -> None:
    action = make(case)
    stranger = owner_client(SupporterFactory(confirmed=True))
    for browser in (client, stranger):
        response = browser.get(_thanks(action))
        assert response.status_code == 200
        html = response.content.decode()
        for text in ALL_TEXTS:
            assert text not in html
        assert response.context["deliveries"] == []


def test_a_waiting_action_has_no_delivery_to_tell(case: Case, db: Any) -> None:
    action = ActionFactory(case=case, channel=Channel.EMAIL)
    html = owner_client(action.supporter).get(_thanks(action)).content.decode()
    assert "One more step: check your inbox" in html
    assert HEADING not in html
