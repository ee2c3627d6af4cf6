"""The moderation queue: every held letter and message of solidarity, oldest first, with why
it was held; filters by case, channel, reason and language; one or many passed on or
rejected at once with a note, each decision recorded with who and when, and shown on the
message's page and in the outbox. Reading the messages is logged as personal-data access."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from tests.delivery.outbox import confirmed_action
from tests.delivery.staff import staff_user
from tests.moderation.conftest import DECIDE, QUEUE, held_delivery, moderator_user, signed_in
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.models import PersonalDataAccess
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.moderation.models import ModerationDecision


@pytest.fixture
def held(case: Case) -> list[Delivery]:
    """Four held messages, oldest first: a letter with a link, a message of solidarity to
    another case, a message with markup, a shouted letter in Spanish."""
    annie = Case.objects.get(campaign=case.campaign, slug="annie-alfred")
    deliveries = [
        held_delivery(
            case, email="first@example.net", body="Dear Prosecutor, see www.example.org today."
        ),
        held_delivery(
            annie, Channel.SOLIDARITY, email="second@example.net", body="Annie, we are with you."
        ),
        held_delivery(
            case,
            Channel.SOLIDARITY,
            email="third@example.net",
            body="<img src=x onerror=alert(1)> You are not alone.",
        ),
        held_delivery(
            case,
            Channel.FAX,
            email="fourth@example.net",
            body="SEÑOR FISCAL, LIBERE A SHAWKAN DE INMEDIATO, ES INOCENTE.",
        ),
    ]
    # The Spanish letter was written in Spanish.
    Action.objects.filter(deliveries=deliveries[3]).update(language="es")
    return deliveries


def _ids(response: Any) -> list[int]:
    return [delivery.pk for delivery in response.context["page"]]


def _log(delivery: Delivery) -> list[tuple[str, str]]:
    return [
        (entry.user.get_username(), entry.get_change_message())  # type: ignore[attr-defined]
        for entry in LogEntry.objects.filter(
            content_type__model="delivery", object_id=str(delivery.pk)
        )
    ]


def test_the_queue_shows_every_held_message_oldest_first_escaped_with_its_reasons(
    moderator: Client, held: list[Delivery]
) -> None:
    response = moderator.get(QUEUE)
    assert response.status_code == 200
    assert _ids(response) == [d.pk for d in held]
    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; You are not alone." in html
    assert "Web address" in html
    assert "Capital letters" in html
    assert "Every message of solidarity is read" in html
    assert 'value="approve"' in html and 'value="reject"' in html
    assert f'<label for="select-{held[0].pk}"' in html
    assert response["Cache-Control"].startswith("max-age=0")
    access = PersonalDataAccess.objects.get()
    assert (access.username, access.what, access.path) == (
        "moderator",
        "held messages",
        QUEUE,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?channel=solidarity", [1, 2]),
        ("?channel=email", [0]),
        ("?reason=link", [0]),
        ("?reason=shouting", [3]),
        ("?reason=flood", []),
        ("?language=en", [0, 1, 2]),
        ("?language=es", [3]),
        ("?case={case}", [0, 2, 3]),
        ("?case={case}&channel=solidarity", [2]),
    ],
)
def test_the_queue_filters_by_case_channel_reason_and_language(
    moderator: Client, held: list[Delivery], case: Case, query: str, expected: list[int]
) -> None:
    response = moderator.get(QUEUE + query.format(case=case.pk))
    assert response.status_code == 200
    assert _ids(response) == [held[i].pk for i in expected]


def test_many_are_passed_on_or_rejected_at_once_with_who_when_and_a_note(
    moderator: Client, held: list[Delivery], case: Case
) -> None:
    first, second, third, fourth = held
    back = QUEUE + f"?case={case.pk}"
    response = moderator.post(
        DECIDE,
        {
            "selected": [str(first.pk), str(second.pk), str(fourth.pk)],
            "decision": "approve",
            "note": "Checked the link: a news site.",
            "next": back,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == back
    response = moderator.post(DECIDE, {"selected": [str(third.pk)], "decision": "reject"})
    assert response["Location"] == QUEUE

    statuses = dict(
        Delivery.objects.filter(pk__in=[d.pk for d in held]).values_list("pk", "status")
    )
    assert statuses == {
        first.pk: Delivery.Status.QUEUED,
        second.pk: Delivery.Status.QUEUED,
        third.pk: Delivery.Status.REJECTED,
        fourth.pk: Delivery.Status.QUEUED,
    }
    decisions = {
        d.delivery_id: (d.decision, d.reasons, d.note, d.decided_by.get_username())  # type: ignore[union-attr]
        for d in ModerationDecision.objects.select_related("decided_by")
    }
    assert decisions == {
        first.pk: ("approve", "link", "Checked the link: a news site.", "moderator"),
        second.pk: ("approve", "", "Checked the link: a news site.", "moderator"),
        third.pk: ("reject", "", "", "moderator"),
        fourth.pk: ("approve", "shouting", "Checked the link: a news site.", "moderator"),
    }
    assert all(d.decided_at is not None for d in ModerationDecision.objects.all())
    assert _log(first) == [("moderator", "Passed on after review.")]
    assert _log(third) == [("moderator", "Rejected after review.")]

    page = moderator.get(QUEUE)
    html = page.content.decode()
    assert "1 message rejected." in html
    assert "No message is waiting for review." in html
    counts = {
        row.case_name: (row.held, row.approved, row.rejected)
        for row in page.context["review_counts"]
    }
    assert counts == {"Shawkan": (0, 2, 1), "Annie Alfred": (0, 1, 0)}


def test_one_message_is_read_in_full_and_decided_on_its_own_page(
    moderator: Client, held: list[Delivery]
) -> None:
    first = held[0]
    url = QUEUE + f"{first.pk}/"
    html = moderator.get(url).content.decode()
    assert "Dear Prosecutor, see www.example.org today." in html
    assert "Release Shawkan" in html  # the subject
    assert "Web address" in html
    assert "No decision yet." in html
    assert PersonalDataAccess.objects.filter(what="held message", object_id=str(first.pk)).exists()

    moderator.post(DECIDE, {"one": str(first.pk), "decision": "reject", "note": "Spam link."})
    html = moderator.get(url).content.decode()
    assert "Rejected" in html
    assert "Spam link." in html
    assert 'value="approve"' not in html  # nothing left to decide


def test_the_decision_shows_on_the_outbox_page_of_the_delivery(
    held: list[Delivery], case: Case
) -> None:
    first = held[0]
    moderator = moderator_user()
    moderation_client = signed_in(moderator)
    moderation_client.post(DECIDE, {"one": str(first.pk), "decision": "approve", "note": "Fine."})
    outbox = signed_in(staff_user("outbox-staff"))
    html = outbox.get(f"/staff/outbox/{first.pk}/").content.decode()
    assert "Moderation" in html
    assert "Web address" in html
    assert "Fine." in html
    assert "Passed on after review." in html


def test_a_message_decided_by_someone_else_is_left_alone(
    moderator: Client, held: list[Delivery]
) -> None:
    first = held[0]
    signed_in(moderator_user("colleague")).post(
        DECIDE, {"selected": [str(first.pk)], "decision": "reject"}
    )
    response = moderator.post(
        DECIDE, {"selected": [str(first.pk)], "decision": "approve"}, follow=True
    )
    assert "1 message had already been decided" in response.content.decode()
    assert Delivery.objects.get(pk=first.pk).status == Delivery.Status.REJECTED
    assert _log(first) == [("colleague", "Rejected after review.")]
    assert ModerationDecision.objects.count() == 1


def test_a_delivery_that_was_never_held_cannot_be_decided(moderator: Client, case: Case) -> None:
    letter = Delivery.objects.get(action=confirmed_action(case, Channel.FAX))
    moderator.post(DECIDE, {"selected": [str(letter.pk)], "decision": "reject"})
    assert Delivery.objects.get(pk=letter.pk).status == Delivery.Status.QUEUED
    assert not LogEntry.objects.exists()
    assert not ModerationDecision.objects.exists()
    assert moderator.get(QUEUE + f"{letter.pk}/").status_code == 200  # readable, not decidable


@pytest.mark.parametrize(
    "data",
    [
        {"selected": "{first}", "decision": "publish"},
        {"selected": "{first}"},
        {"selected": "999999", "decision": "approve"},
        {"selected": "abc", "decision": "approve"},
        {"selected": "99999999999999999999", "decision": "approve"},
        {"selected": "{first}", "decision": "approve", "note": "x" * 1001},
        {"selected": "{first}", "decision": "approve", "note": "bad\x00note"},
    ],
)
def test_bad_decisions_are_refused_and_change_nothing(
    moderator: Client, held: list[Delivery], data: dict[str, str]
) -> None:
    payload = {k: v.replace("{first}", str(held[0].pk)) for k, v in data.items()}
    assert moderator.post(DECIDE, payload).status_code == 400
    assert Delivery.objects.filter(status=Delivery.Status.HELD).count() == 4
    assert not LogEntry.objects.exists()
    assert not ModerationDecision.objects.exists()


def test_a_return_address_off_the_queue_is_ignored(moderator: Client, held: list[Delivery]) -> None:
    response = moderator.post(
        DECIDE,
        {"selected": [str(held[0].pk)], "decision": "approve", "next": "https://evil.example/"},
    )
    assert response["Location"] == QUEUE


@pytest.mark.parametrize(
    "query",
    [
        "?case=abc",
        "?case=999999",
        "?channel=sms",
        "?reason=rude",
        "?language=xx",
        "?page=2",
        "?page=x",
    ],
)
def test_unknown_queue_filters_are_refused(
    moderator: Client, held: list[Delivery], query: str
) -> None:
    assert moderator.get(QUEUE + query).status_code in (400, 404)
    assert not PersonalDataAccess.objects.exists()


def test_nothing_selected_is_said(moderator: Client, held: list[Delivery]) -> None:
    response = moderator.post(DECIDE, {"decision": "approve"}, follow=True)
    assert "Select at least one message." in response.content.decode()
    assert Delivery.objects.filter(status=Delivery.Status.HELD).count() == 4


def test_get_on_the_decision_url_is_refused(moderator: Client, held: list[Delivery]) -> None:
    response = moderator.get(DECIDE + f"?selected={held[0].pk}&decision=approve")
    assert response.status_code == 405
    assert Delivery.objects.filter(status=Delivery.Status.HELD).count() == 4


def test_the_old_solidarity_queue_leads_to_the_new_one(client: Client) -> None:
    response = client.get("/staff/outbox/solidarity/?case=12")
    assert response.status_code == 302
    assert response["Location"] == QUEUE + "?channel=solidarity&case=12"
    assert client.get("/staff/outbox/solidarity/?case=x")["Location"] == (
        QUEUE + "?channel=solidarity"
    )
