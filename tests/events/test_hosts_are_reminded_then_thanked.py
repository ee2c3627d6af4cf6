"""Hosts who have not reported are reminded one day and seven days after their event, once
each, while reports are open; after the deadline every host is thanked once, with their
event's share of the campaign's total."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.events.factories import EventFactory
from tests.factories import CampaignFactory, CaseFactory
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.composed import composed_message
from writeathon.delivery.models import Delivery
from writeathon.events.models import Event
from writeathon.events.reports import event_reports_remind
from writeathon.usecases.event_reports import event_report_submit

pytestmark = pytest.mark.django_db

ENDS = datetime(2030, 12, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def case() -> Case:
    return CaseFactory(campaign=CampaignFactory(closes_at=datetime(2030, 12, 31, tzinfo=UTC)))


def _event(case: Case) -> Event:
    event = EventFactory(campaign=case.campaign, starts_at=ENDS - timedelta(hours=2), ends_at=ENDS)
    event.cases.set([case])
    return event


def _remind_at(when: datetime) -> int:
    with time_machine.travel(when, tick=False):
        return event_reports_remind()


def _keys(event: Event) -> list[str]:
    return sorted(
        Delivery.objects.filter(idempotency_key__startswith=f"event:{event.pk}:").values_list(
            "idempotency_key", flat=True
        )
    )


def test_reminders_go_on_day_one_and_seven_once_each(case: Case) -> None:
    event = _event(case)
    assert _remind_at(ENDS + timedelta(hours=12)) == 0
    assert _remind_at(ENDS + timedelta(days=1, minutes=1)) == 1
    assert _remind_at(ENDS + timedelta(days=1, hours=2)) == 0
    assert _remind_at(ENDS + timedelta(days=7, minutes=1)) == 1
    assert _remind_at(ENDS + timedelta(days=8)) == 0
    assert _keys(event) == [
        f"event:{event.pk}:report-reminder:1",
        f"event:{event.pk}:report-reminder:7",
    ]
    reminder = Delivery.objects.get(idempotency_key=f"event:{event.pk}:report-reminder:7")
    assert reminder.recipient == event.host.email
    with time_machine.travel(ENDS + timedelta(days=8), tick=False):
        email = composed_message(reminder)
    assert f"/events/{event.public_id}/report/" in email.body
    assert event.title in email.subject


def test_a_late_run_sends_only_the_latest_reminder_and_none_after_a_report(case: Case) -> None:
    late = _event(case)
    reported = _event(case)
    with time_machine.travel(ENDS + timedelta(hours=1), tick=False):
        event_report_submit(event=reported, attendees=5, counts={(case.pk, Channel.LETTER): 4})
    assert _remind_at(ENDS + timedelta(days=9)) == 1
    assert _keys(late) == [f"event:{late.pk}:report-reminder:7"]
    assert _keys(reported) == []


def test_no_reminder_after_the_deadline_then_one_thank_you_with_the_share(case: Case) -> None:
    quiet = _event(case)
    busy = _event(case)
    with time_machine.travel(ENDS + timedelta(hours=1), tick=False):
        event_report_submit(event=busy, attendees=10, counts={(case.pk, Channel.LETTER): 30})
        event_report_submit(event=quiet, attendees=10, counts={(case.pk, Channel.LETTER): 10})
    deadline = datetime(2031, 2, 1, tzinfo=UTC)
    assert _remind_at(deadline - timedelta(minutes=1)) == 0
    assert _remind_at(deadline + timedelta(hours=1)) == 2
    assert _remind_at(deadline + timedelta(days=2)) == 0
    thanks = Delivery.objects.get(idempotency_key=f"event:{busy.pk}:report-thanks")
    email = composed_message(thanks)
    assert "30 of the campaign's 40 actions: 75.0%" in email.body


def test_an_event_that_never_reported_gets_no_reminder_after_the_deadline(case: Case) -> None:
    event = _event(case)
    assert _remind_at(datetime(2031, 2, 2, tzinfo=UTC)) == 1
    assert _keys(event) == [f"event:{event.pk}:report-thanks"]
