"""Reports open when the event starts and close at the campaign's reporting deadline: the
end (UTC) of the day EVENT_REPORT_GRACE_DAYS after the campaign's last day. The counts are
dated by the event's own day where it took place (Tokyo), whoever looks from elsewhere."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from tests.events.factories import EventFactory, host_client
from tests.factories import CampaignFactory, CaseFactory
from writeathon.actions.models import CountReport, Tally
from writeathon.campaigns.models import Case
from writeathon.events.models import Event
from writeathon.events.report_selectors import event_local_day, report_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> Case:
    campaign = CampaignFactory(closes_at=datetime(2030, 12, 31, tzinfo=UTC))
    return CaseFactory(campaign=campaign)


@pytest.fixture
def event(case: Case) -> Event:
    # 08:30 to 10:30 on 11 December in Tokyo: still 10 December in UTC (and in Lima).
    event = EventFactory(
        campaign=case.campaign,
        starts_at=datetime(2030, 12, 10, 23, 30, tzinfo=UTC),
        ends_at=datetime(2030, 12, 11, 1, 30, tzinfo=UTC),
    )
    event.cases.set([case])
    return event


def _post(event: Event, case: Case, letters: int) -> int:
    response = host_client(event.host).post(
        reverse("event_reports:report", kwargs={"public_id": event.public_id}),
        {"attendees": "10", f"count_{case.pk}_letter": str(letters)},
    )
    return response.status_code


def _tallied(case: Case) -> int:
    return sum(Tally.objects.filter(case=case).values_list("total", flat=True))


def test_the_deadline_is_the_end_of_the_grace_days_in_utc(case: Case, settings: object) -> None:
    assert report_deadline(case.campaign) == datetime(2031, 2, 1, tzinfo=UTC)
    settings.EVENT_REPORT_GRACE_DAYS = 0  # type: ignore[attr-defined]
    assert report_deadline(case.campaign) == datetime(2031, 1, 1, tzinfo=UTC)


def test_no_report_before_the_event_starts(event: Event, case: Case) -> None:
    with time_machine.travel(datetime(2030, 12, 10, 23, 0, tzinfo=UTC), tick=False):
        assert _post(event, case, 12) == 400
        page = host_client(event.host).get(
            reverse("event_reports:report", kwargs={"public_id": event.public_id})
        )
    assert "once the event has started" in page.content.decode()
    assert not CountReport.objects.exists() and _tallied(case) == 0


def test_reports_and_corrections_until_the_deadline_and_not_after(event: Event, case: Case) -> None:
    with time_machine.travel(datetime(2030, 12, 11, 0, 0, tzinfo=UTC), tick=False):
        assert _post(event, case, 12) == 302
    line = CountReport.objects.get()
    # The event's day in Tokyo, not in UTC.
    assert line.day == event_local_day(event) == date(2030, 12, 11)
    assert _tallied(case) == 12

    with time_machine.travel(datetime(2031, 1, 31, 23, 59, tzinfo=UTC), tick=False):
        assert _post(event, case, 15) == 302
    assert _tallied(case) == 15

    with time_machine.travel(datetime(2031, 2, 1, 0, 0, tzinfo=UTC), tick=False):
        assert _post(event, case, 40) == 400
    assert _tallied(case) == 15
    assert CountReport.objects.get().count == 15
