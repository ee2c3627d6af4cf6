"""The periodic purges: message text goes MESSAGE_RETENTION_DAYS after delivery, messages never
confirmed go once their link has expired, and supporters idle for SUPPORTER_RETENTION_DAYS
are erased. Recent data stays, and no count moves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.factories import SupporterFactory
from tests.supporters.people import writer
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.reporting.selectors import counter_forget, counter_snapshot
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import action_submit
from writeathon.usecases.privacy import messages_purge, supporters_purge
from writeathon.worker import PERIODIC_JOBS

pytestmark = pytest.mark.django_db

START = "2030-12-01 09:00 +0000"


def _total(case: Case) -> int:
    counter_forget(campaign=case.campaign)
    return counter_snapshot(campaign=case.campaign).total


def _pending(case: Case, email: str, body: str) -> Action:
    """An email letter whose writer never confirmed their address."""
    result = action_submit(
        case=case,
        channel=Channel.EMAIL,
        email=email,
        name="Pat Pending",
        country="FR",
        language="en",
        base_url="http://testserver",
        subject="Release Shawkan",
        body=body,
    )
    assert result.action.status == Action.Status.PENDING
    return result.action


def _has_text(action: Action) -> bool:
    action.refresh_from_db()
    return bool(action.body)


def test_message_text_goes_after_the_retention_period_recent_text_stays(
    case: Case, settings: Any
) -> None:
    settings.MESSAGE_RETENTION_DAYS = 90
    with time_machine.travel(START, tick=False) as clock:
        old = writer(
            case, email="old@example.net", body="Dear Sir, please release Shawkan: OLD-LETTER-TEXT."
        )
        dead = writer(
            case,
            email="dead@example.net",
            body="Dear Sir, please release Shawkan: DEAD-LETTER-TEXT.",
        )
        Delivery.objects.filter(action=dead).update(status=Delivery.Status.DEAD)
        held = writer(case, email="held@example.net", body="HELD-TEXT", channel=Channel.SOLIDARITY)
        old_pending = _pending(case, "late@example.net", "NEVER-CONFIRMED-TEXT")
        outbox_pass()  # old's letter
        outbox_pass()  # old's notice
        clock.shift(timedelta(days=80))
        recent = writer(
            case,
            email="recent@example.net",
            body="Dear Sir, please release Shawkan: RECENT-LETTER-TEXT.",
        )
        outbox_pass()
        outbox_pass()
        clock.shift(timedelta(days=8))
        new_pending = _pending(case, "new@example.net", "STILL-WAITING-TEXT")
        clock.shift(timedelta(days=3))  # 91 days after the start
        total_before = _total(case)

        changed = messages_purge()

        assert changed > 0
        assert _total(case) == total_before
        assert messages_purge() == 0  # nothing left to do

    # Delivered (or dead) more than 90 days ago: the text is gone, the facts stay.
    for action in (old, dead):
        action.refresh_from_db()
        assert (action.subject, action.body) == ("", "")
        assert action.status == Action.Status.CONFIRMED
        for delivery in Delivery.objects.filter(action=action):
            assert delivery.payload.get("purged") is True
            assert not {"body", "subject", "text", "signer_name", "reply_to"} & set(
                delivery.payload
            )
    letter = Delivery.objects.get(action=old, kind=Delivery.Kind.LETTER)
    assert letter.status == Delivery.Status.DELIVERED
    assert letter.recipient == "prosecutor-eg@example.org"
    # A dead letter without its text must never be tried again.
    dead_letter = Delivery.objects.get(action=dead, kind=Delivery.Kind.LETTER)
    assert dead_letter.status == Delivery.Status.CANCELLED
    assert dead_letter.cancel_reason == Delivery.CancelReason.PURGED
    # Never confirmed within the link's validity: the text goes, and it never counts.
    old_pending.refresh_from_db()
    assert old_pending.body == "" and old_pending.status == Action.Status.DECLINED
    # Still needed or recent: kept as written.
    assert _has_text(held)
    assert Delivery.objects.get(action=held).payload["body"] == "HELD-TEXT"
    assert _has_text(recent)
    assert all(
        "purged" not in delivery.payload for delivery in Delivery.objects.filter(action=recent)
    )
    assert _has_text(new_pending)
    new_pending.refresh_from_db()
    assert new_pending.status == Action.Status.PENDING


def test_idle_supporters_are_erased_active_ones_kept(case: Case, settings: Any) -> None:
    settings.SUPPORTER_RETENTION_DAYS = 3 * 365
    with time_machine.travel(START, tick=False) as clock:
        idle = writer(case, email="idle@example.net", name="Ida Idle")
        back = writer(case, email="back@example.net", name="Ben Back")
        joined_only = SupporterFactory(email="joined@example.net")
        clock.shift(timedelta(days=2 * 365))
        confirmed_action(case, Channel.SIGNATURE, email="back@example.net", name="Ben Back")
        clock.shift(timedelta(days=365 + 1))
        recent = SupporterFactory(email="recent@example.net")
        total_before = _total(case)

        erased = supporters_purge()

        assert erased == 2
        assert _total(case) == total_before
        assert supporters_purge() == 0

    assert idle.supporter is not None and back.supporter is not None
    gone = Supporter.objects.get(pk=idle.supporter.pk)
    assert gone.erased_at is not None and gone.email is None and gone.name == ""
    assert Action.objects.get(pk=idle.pk).status == Action.Status.CONFIRMED
    assert Supporter.objects.get(pk=joined_only.pk).erased_at is not None
    assert not Supporter.objects.filter(email__in=["idle@example.net", "joined@example.net"])
    kept = Supporter.objects.get(pk=back.supporter.pk)
    assert kept.email == "back@example.net" and kept.erased_at is None
    assert Supporter.objects.get(pk=recent.pk).erased_at is None


def test_the_purges_are_periodic_jobs() -> None:
    names = {job.name: job.run for job in PERIODIC_JOBS}
    assert names["messages_purge"] is messages_purge
    assert names["supporters_purge"] is supporters_purge
