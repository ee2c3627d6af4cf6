"""Staff send dead or failed deliveries on their way again, one by one or as a selection,
from the outbox or the admin; each retry is in the delivery's history with who did it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.test import Client

from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.delivery.staff import OUTBOX, refused_letter, signed_in, staff_user
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery

RETRY = OUTBOX + "retry/"


def _history(delivery: Delivery) -> list[tuple[str, str, int]]:
    return [
        (entry.user.get_username(), entry.get_change_message(), entry.action_flag)  # type: ignore[attr-defined]
        for entry in LogEntry.objects.filter(
            content_type__model="delivery", object_id=str(delivery.pk)
        )
    ]


def _status(delivery: Delivery) -> str:
    return Delivery.objects.values_list("status", flat=True).get(pk=delivery.pk)


def test_try_again_one_dead_letter_from_its_row(
    outbox_staff: Client, case: Case, smtp_server: Any
) -> None:
    dead = refused_letter(case, email="dead@example.net")
    other = refused_letter(case, email="other@example.net")
    assert (dead.status, dead.attempts) == (Delivery.Status.DEAD, 1)

    page = outbox_staff.get(OUTBOX + "?status=dead").content.decode()
    assert f'name="one" value="{dead.pk}"' in page
    assert f'id="select-{dead.pk}"' in page
    assert f'<label for="select-{dead.pk}"' in page

    response = outbox_staff.post(RETRY, {"one": str(dead.pk), "next": "/staff/outbox/?status=dead"})

    assert response.status_code == 302
    assert response["Location"] == "/staff/outbox/?status=dead"
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (Delivery.Status.QUEUED, 0)
    assert dead.next_try_at is not None
    assert _status(other) == Delivery.Status.DEAD
    assert _history(dead) == [("outbox-staff", "Tried again by staff (was dead).", CHANGE)]
    assert _history(other) == []
    assert "1 delivery will be tried again now." in outbox_staff.get(OUTBOX).content.decode()

    # The mail server takes it this time.
    assert outbox_pass().delivered == [dead.pk]
    # Its page tells the story: the refusal, the retry and who asked for it.
    html = outbox_staff.get(f"{OUTBOX}{dead.pk}/").content.decode()
    assert "550 5.1.1 Mailbox unavailable" in html
    assert "Tried again by staff (was dead)." in html
    assert "outbox-staff" in html


def test_try_again_a_selection_leaves_the_rest_alone(outbox_staff: Client, case: Case) -> None:
    dead = refused_letter(case, email="dead@example.net")
    failed = refused_letter(case, email="failed@example.net", error="421 Busy", permanent=False)
    queued = Delivery.objects.get(action=confirmed_action(case, email="queued@example.net"))

    response = outbox_staff.post(
        RETRY, {"selected": [str(dead.pk), str(failed.pk), str(queued.pk)]}
    )

    assert response.status_code == 302
    assert response["Location"] == OUTBOX
    assert _status(dead) == _status(failed) == Delivery.Status.QUEUED
    assert _history(failed) == [("outbox-staff", "Tried again by staff (was failed).", CHANGE)]
    assert _history(queued) == []
    html = outbox_staff.get(OUTBOX).content.decode()
    assert "2 deliveries will be tried again now." in html
    assert "1 delivery had not failed (or was already tried again)" in html


def test_a_second_retry_of_the_same_letter_changes_and_logs_nothing(
    outbox_staff: Client, case: Case
) -> None:
    dead = refused_letter(case, email="dead@example.net")
    outbox_staff.post(RETRY, {"one": str(dead.pk)})
    outbox_staff.post(RETRY, {"one": str(dead.pk)})
    assert len(_history(dead)) == 1


@pytest.mark.parametrize(
    "data",
    [
        {"one": "999999"},
        {"one": "abc"},
        {"selected": ["{dead}", "999999"]},
        {"selected": ["{dead}", "x"]},
        {"selected": "99999999999999999999"},
        {"one": "{dead}", "selected": "-1"},
    ],
)
def test_unknown_or_malformed_ids_are_refused_and_change_nothing(
    outbox_staff: Client, case: Case, data: dict[str, Any]
) -> None:
    dead = refused_letter(case, email="dead@example.net")

    def fill(value: Any) -> Any:
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value.replace("{dead}", str(dead.pk))

    response = outbox_staff.post(RETRY, {k: fill(v) for k, v in data.items()})

    assert response.status_code == 400
    assert _status(dead) == Delivery.Status.DEAD
    assert not LogEntry.objects.exists()


def test_nothing_selected_is_said_and_changes_nothing(outbox_staff: Client, case: Case) -> None:
    dead = refused_letter(case, email="dead@example.net")
    response = outbox_staff.post(RETRY, {}, follow=True)
    assert response.status_code == 200
    assert "Select at least one delivery to try again." in response.content.decode()
    assert _status(dead) == Delivery.Status.DEAD


def test_a_return_address_off_the_outbox_is_not_followed(outbox_staff: Client, case: Case) -> None:
    dead = refused_letter(case, email="dead@example.net")
    for next_url in ("https://evil.example/", "//evil.example/staff/outbox/", "/admin/"):
        dead_again = refused_letter(case, email=f"{len(next_url)}@example.net")
        response = outbox_staff.post(RETRY, {"one": str(dead_again.pk), "next": next_url})
        assert response["Location"] == OUTBOX
    assert _status(dead) == Delivery.Status.DEAD


def test_get_on_the_retry_url_is_refused(outbox_staff: Client, case: Case) -> None:
    dead = refused_letter(case, email="dead@example.net")
    assert outbox_staff.get(RETRY + f"?one={dead.pk}").status_code == 405
    assert _status(dead) == Delivery.Status.DEAD


def test_staff_try_again_from_the_admin(case: Case) -> None:
    dead = refused_letter(case, email="dead@example.net")
    admin = signed_in(staff_user("admin-staff"))

    listing = admin.get("/admin/delivery/delivery/?status__exact=dead")
    assert listing.status_code == 200
    assert "Try the selected deliveries again" in listing.content.decode()

    response = admin.post(
        "/admin/delivery/delivery/", {"action": "try_again", "_selected_action": [str(dead.pk)]}
    )

    assert response.status_code == 302
    assert _status(dead) == Delivery.Status.QUEUED
    assert _history(dead) == [("admin-staff", "Tried again by staff (was dead).", CHANGE)]


def test_the_admin_shows_deliveries_but_changes_none(case: Case) -> None:
    dead = refused_letter(case, email="dead@example.net")
    admin = signed_in(get_user_model().objects.create_superuser("boss", password="pw-boss-1234"))

    searched = admin.get("/admin/delivery/delivery/?q=prosecutor-eg")
    assert searched.status_code == 200
    assert dead.recipient in searched.content.decode()
    page = admin.get(f"/admin/delivery/delivery/{dead.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "550 5.1.1 Mailbox unavailable" in html  # the attempt, inline
    assert f'href="/staff/outbox/{dead.pk}/"' in html
    assert admin.post(f"/admin/delivery/delivery/{dead.pk}/change/", {}).status_code == 403
    assert admin.post(f"/admin/delivery/delivery/{dead.pk}/delete/").status_code == 403
    assert admin.get("/admin/delivery/delivery/add/").status_code == 403
    assert _status(dead) == Delivery.Status.DEAD
