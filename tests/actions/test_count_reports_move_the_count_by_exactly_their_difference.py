"""Counts reported in bulk (an event's report-back, an imported tally, a partner's tally) come in
through the one intake service and move the live count by exactly what they say: a
correction by its difference, a held report not until staff release it, a repeat not at
all. Every change is in the report's history, and the periodic reconciliation counts them."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from writeathon.actions.counts import count_report_release, count_report_withdraw
from writeathon.actions.models import CountReport, Tally, TallyByCountry, TallyByDay
from writeathon.actions.tallies import tally_reconcile
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.reporting.selectors import counter_forget, counter_snapshot
from writeathon.usecases.intake import CountNotAccepted, count_report_submit

pytestmark = pytest.mark.django_db

DAY = date(2016, 12, 10)


def _total(campaign: Campaign) -> int:
    counter_forget(campaign=campaign)
    return counter_snapshot(campaign=campaign).total


def _report(case: Case, count: int, **extra: object) -> tuple[CountReport, int]:
    return count_report_submit(
        reference="event:1:shawkan:letter",
        source=Source.EVENT,
        case=case,
        channel=Channel.LETTER,
        count=count,
        day=DAY,
        country="JP",
        reported_by="Host of event 1",
        actor="host@example.net",
        **extra,  # type: ignore[arg-type]
    )


def test_a_report_counts_at_once_and_a_correction_moves_it_exactly(
    campaign: Campaign, case: Case
) -> None:
    before = _total(campaign)

    report, moved = _report(case, 30)
    assert (moved, _total(campaign)) == (30, before + 30)
    assert counter_snapshot(campaign=campaign).cases["shawkan"] >= 30

    # The same report again (a double click, a retried request) changes nothing.
    assert _report(case, 30)[1] == 0
    assert CountReport.objects.count() == 1

    assert _report(case, 25, note="Five were cards, not letters")[1] == -5
    assert _total(campaign) == before + 25
    assert _report(case, 40)[1] == 15
    assert _total(campaign) == before + 40

    history = list(report.changes.values_list("count_before", "count_after", "tallied_by"))
    assert history == [(None, 30, 30), (30, 25, -5), (25, 40, 15)]
    assert report.changes.get(count_after=25).note == "Five were cards, not letters"


def test_a_held_report_counts_only_once_staff_release_it(campaign: Campaign, case: Case) -> None:
    before = _total(campaign)
    report, moved = _report(case, 5000, held_reason="More than 12 attendees could write")
    assert moved == 0
    assert report.status == CountReport.Status.HELD
    assert _total(campaign) == before

    staff = get_user_model().objects.create_user("reviewer", password="x")
    assert count_report_release(report_id=report.pk, changed_by=staff) == 5000
    assert count_report_release(report_id=report.pk, changed_by=staff) == 0
    assert _total(campaign) == before + 5000
    assert report.changes.last().changed_by == staff  # type: ignore[union-attr]

    assert count_report_withdraw(report_id=report.pk, changed_by=staff) == -5000
    assert _total(campaign) == before
    with pytest.raises(CountNotAccepted):
        _report(case, 10)
    assert _total(campaign) == before


@pytest.mark.parametrize("count", [-1, 1_000_001])
def test_a_count_out_of_bounds_is_refused_and_stores_nothing(
    campaign: Campaign, case: Case, count: int
) -> None:
    before = _total(campaign)
    with pytest.raises(CountNotAccepted, match="between 0 and"):
        _report(case, count)
    assert not CountReport.objects.exists()
    assert _total(campaign) == before


def test_only_bulk_sources_report_counts(case: Case) -> None:
    with pytest.raises(CountNotAccepted):
        count_report_submit(
            reference="x",
            source=Source.ONLINE,
            case=case,
            channel=Channel.LETTER,
            count=1,
            day=DAY,
        )
    assert not CountReport.objects.exists()


def test_reconciliation_keeps_counted_reports_and_repairs_around_them(
    campaign: Campaign, case: Case
) -> None:
    _report(case, 12)
    assert tally_reconcile(campaign=campaign) == 0  # the tallies already hold the report
    counted = _total(campaign)

    for tallies in (Tally, TallyByCountry, TallyByDay):  # a restored backup lost them
        tallies.objects.filter(case=case).delete()
    assert _total(campaign) < counted
    assert tally_reconcile(campaign=campaign) == 1
    assert _total(campaign) == counted
