"""A moderator reads each message of solidarity before it goes anywhere: the queue shows
the oldest first, per case if asked; passing on or rejecting is logged with who decided."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from tests.delivery.outbox import confirmed_action
from tests.delivery.staff import OUTBOX
from writeathon.actions.models import Channel
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery

QUEUE = OUTBOX + "solidarity/"
REVIEW = QUEUE + "review/"


def _message(case: Case, email: str, body: str) -> Delivery:
    action = confirmed_action(case, Channel.SOLIDARITY, email=email, body=body)
    return Delivery.objects.get(action=action)


@pytest.fixture
def held(case: Case) -> list[Delivery]:
    annie = Case.objects.get(campaign=case.campaign, slug="annie-alfred")
    return [
        _message(case, "first@example.net", "Stay strong, Shawkan."),
        _message(annie, "second@example.net", "Annie, we stand with you."),
        _message(case, "third@example.net", "<img src=x onerror=alert(1)> You are not alone."),
    ]


def _log(delivery: Delivery) -> list[tuple[str, str]]:
    return [
        (entry.user.get_username(), entry.get_change_message())
        for entry in LogEntry.objects.filter(
            content_type__model="delivery", object_id=str(delivery.pk)
        )
    ]


def test_the_queue_shows_held_messages_oldest_first_escaped(
    outbox_staff: Client, held: list[Delivery], case: Case
) -> None:
    response = outbox_staff.get(QUEUE)
    assert response.status_code == 200
    assert [d.pk for d in response.context["page"]] == [d.pk for d in held]
    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; You are not alone." in html
    assert 'value="approve"' in html
    assert 'value="reject"' in html
    assert f'<label for="select-{held[0].pk}"' in html
    assert '<label for="select-all">' in html

    shawkan_only = outbox_staff.get(QUEUE + f"?case={case.pk}")
    assert [d.pk for d in shawkan_only.context["page"]] == [held[0].pk, held[2].pk]


def test_passing_on_and_rejecting_move_the_messages_and_are_logged(
    outbox_staff: Client, held: list[Delivery], case: Case
) -> None:
    first, second, third = held
    response = outbox_staff.post(
        REVIEW,
        {"selected": [str(first.pk), str(second.pk)], "decision": "approve", "case": str(case.pk)},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE + f"?case={case.pk}"

    response = outbox_staff.post(REVIEW, {"selected": [str(third.pk)], "decision": "reject"})
    assert response["Location"] == QUEUE

    statuses = dict(Delivery.objects.filter(kind="solidarity").values_list("pk", "status"))
    assert statuses == {
        first.pk: Delivery.Status.QUEUED,
        second.pk: Delivery.Status.QUEUED,
        third.pk: Delivery.Status.REJECTED,
    }
    reviewed = Delivery.objects.get(pk=first.pk)
    assert reviewed.reviewed_by is not None
    assert reviewed.reviewed_by.get_username() == "outbox-staff"
    assert reviewed.reviewed_at is not None
    assert _log(first) == [("outbox-staff", "Passed on after review.")]
    assert _log(third) == [("outbox-staff", "Rejected after review.")]

    page = outbox_staff.get(QUEUE)
    html = page.content.decode()
    assert "1 message rejected." in html
    assert "No message is waiting for review." in html
    counts = {
        row.case_name: (row.held, row.approved, row.rejected)
        for row in page.context["review_counts"]
    }
    assert counts == {"Shawkan": (0, 1, 1), "Annie Alfred": (0, 1, 0)}


def test_a_message_decided_by_someone_else_is_left_alone(
    outbox_staff: Client, held: list[Delivery]
) -> None:
    first = held[0]
    outbox_staff.post(REVIEW, {"selected": [str(first.pk)], "decision": "reject"})
    response = outbox_staff.post(
        REVIEW, {"selected": [str(first.pk)], "decision": "approve"}, follow=True
    )
    assert "1 message had already been decided" in response.content.decode()
    assert Delivery.objects.get(pk=first.pk).status == Delivery.Status.REJECTED
    assert _log(first) == [("outbox-staff", "Rejected after review.")]


@pytest.mark.parametrize(
    "data",
    [
        {"selected": "{first}", "decision": "publish"},
        {"selected": "{first}"},
        {"selected": "999999", "decision": "approve"},
        {"selected": "abc", "decision": "approve"},
        {"selected": "{first}", "decision": "approve", "case": "nope"},
        {"selected": "{first}", "decision": "approve", "case": "99999999999999999999"},
    ],
)
def test_bad_review_requests_are_refused_and_change_nothing(
    outbox_staff: Client, held: list[Delivery], data: dict[str, str]
) -> None:
    first = held[0]
    payload = {k: v.replace("{first}", str(first.pk)) for k, v in data.items()}
    assert outbox_staff.post(REVIEW, payload).status_code == 400
    assert Delivery.objects.filter(status=Delivery.Status.HELD).count() == 3
    assert not LogEntry.objects.exists()


def test_a_letter_cannot_be_passed_on_as_a_message(outbox_staff: Client, case: Case) -> None:
    letter = Delivery.objects.get(action=confirmed_action(case, Channel.LETTER))
    outbox_staff.post(REVIEW, {"selected": [str(letter.pk)], "decision": "reject"})
    assert Delivery.objects.get(pk=letter.pk).status == Delivery.Status.QUEUED
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize("query", ["?case=abc", "?case=999999", "?page=2", "?page=x"])
def test_unknown_queue_filters_are_refused(
    outbox_staff: Client, held: list[Delivery], query: str
) -> None:
    assert outbox_staff.get(QUEUE + query).status_code in (400, 404)


def test_get_on_the_review_url_is_refused(outbox_staff: Client, held: list[Delivery]) -> None:
    response = outbox_staff.get(REVIEW + f"?selected={held[0].pk}&decision=approve")
    assert response.status_code == 405
    assert Delivery.objects.filter(status=Delivery.Status.HELD).count() == 3


def test_nothing_selected_is_said(outbox_staff: Client, held: list[Delivery]) -> None:
    response = outbox_staff.post(REVIEW, {"decision": "approve"}, follow=True)
    assert "Select at least one message." in response.content.decode()
    assert Delivery.objects.filter(status=Delivery.Status.HELD).count() == 3
