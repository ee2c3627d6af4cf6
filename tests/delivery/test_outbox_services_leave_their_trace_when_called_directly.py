"""The trace of a staff decision on the outbox is written by the service that makes it, so a
command, a task or a new page calling the service leaves the same trace as the staff pages."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry

from tests.delivery.outbox import confirmed_action
from tests.delivery.staff import staff_user
from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery, PrintRun
from writeathon.delivery.services import (
    deliveries_retry,
    deliveries_review,
    print_run_create,
    print_run_mark_posted,
)


def _history(obj_type: type[Delivery] | type[PrintRun]) -> list[tuple[str, int, str, str]]:
    return [
        (
            entry.user.get_username(),  # type: ignore[attr-defined]
            entry.action_flag,
            entry.object_id or "",
            entry.get_change_message(),
        )
        for entry in LogEntry.objects.filter(content_type__model=obj_type._meta.model_name)
        .select_related("user")
        .order_by("pk")
    ]


def test_a_retry_names_who_tried_again_and_what_the_delivery_was(case: Case) -> None:
    operator = staff_user("operator")
    dead = confirmed_action(case, email="dead@example.net").deliveries.get()
    parked = confirmed_action(case, email="parked@example.net").deliveries.get()
    Delivery.objects.filter(pk=dead.pk).update(status=Delivery.Status.DEAD)
    Delivery.objects.filter(pk=parked.pk).update(status=Delivery.Status.PARKED)

    ids = deliveries_retry(delivery_ids=[dead.pk, parked.pk], user_id=operator.pk)

    assert ids == [dead.pk, parked.pk]
    assert _history(Delivery) == [
        ("operator", CHANGE, str(dead.pk), "Tried again by staff (was dead)."),
        ("operator", CHANGE, str(parked.pk), "Tried again by staff (was parked)."),
    ]


def test_a_retry_that_changes_nothing_leaves_no_trace(case: Case) -> None:
    queued = confirmed_action(case).deliveries.get()
    assert deliveries_retry(delivery_ids=[queued.pk], user_id=staff_user("operator").pk) == []
    assert _history(Delivery) == []


def test_making_and_posting_a_run_names_who_did_it(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    maker = staff_user("maker")
    poster = staff_user("poster")
    confirmed_action(case, Channel.LETTER, email="one@example.net")
    confirmed_action(case, Channel.LETTER, email="two@example.net")

    with django_capture_on_commit_callbacks(execute=True):
        run = print_run_create(
            case=case,
            kind=PrintRun.Kind.LETTERS,
            target=Target.objects.get(case=case),
            user_id=maker.pk,
        )
    assert run is not None
    assert print_run_mark_posted(print_run_id=run.pk, user_id=poster.pk)
    assert not print_run_mark_posted(print_run_id=run.pk, user_id=poster.pk)

    assert _history(PrintRun) == [
        ("maker", ADDITION, str(run.pk), "Print run created with 2 items."),
        ("poster", CHANGE, str(run.pk), "Marked as posted."),
    ]


def test_a_run_of_nothing_leaves_no_trace(case: Case) -> None:
    run = print_run_create(
        case=case, kind=PrintRun.Kind.CARDS, target=None, user_id=staff_user("maker").pk
    )
    assert run is None
    assert _history(PrintRun) == []


def test_a_moderators_decision_carried_out_by_the_outbox_names_who_took_it(case: Case) -> None:
    moderator = staff_user("moderator")
    insult = "Dear Prosecutor,\n\nRelease him now, you idiot."
    passed = confirmed_action(case, email="passed@example.net", body=insult).deliveries.get()
    refused = confirmed_action(case, email="refused@example.net", body=insult).deliveries.get()

    approved = deliveries_review(delivery_ids=[passed.pk], approve=True, user_id=moderator.pk)
    rejected = deliveries_review(delivery_ids=[refused.pk], approve=False, user_id=moderator.pk)
    again = deliveries_review(delivery_ids=[passed.pk], approve=False, user_id=moderator.pk)

    assert (approved, rejected, again) == (
        {passed.pk: passed.action_id},
        {refused.pk: refused.action_id},
        {},
    )
    assert _history(Delivery) == [
        ("moderator", CHANGE, str(passed.pk), "Passed on after review."),
        ("moderator", CHANGE, str(refused.pk), "Rejected after review."),
    ]
