"""Writes for counts reported in bulk (CountReport): an event's report-back, an imported
tally row, a partner's tally. Each change moves the tallies by exactly its difference, in
the same transaction, and leaves a CountReportChange behind.

Callers go through writeathon.usecases.intake (count_report_submit and friends), the one
way in for every count; these services trust their arguments.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from writeathon.actions.models import CountReport, CountReportChange
from writeathon.actions.tallies import tally_increment
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source


class CountReportRefused(Exception):
    """The report cannot change now (withdrawn for good); the message is for staff."""


def _changed(
    report: CountReport,
    *,
    count_before: int | None,
    status_before: str,
    counted_before: int,
    changed_by: Any,
    actor: str,
    note: str,
    day_before: date | None = None,
) -> int:
    difference = report.counted - counted_before

    def move(day: date, by: int) -> None:
        tally_increment(
            campaign_id=report.campaign_id,
            case_id=report.case_id,
            section_id=report.section_id,
            channel=report.channel,
            source=report.source,
            country=str(report.country or ""),
            day=day,
            by=by,
        )

    if day_before is not None and day_before != report.day:
        # Moved to another day: out of the old day's count, the new figure into the new one.
        move(day_before, -counted_before)
        move(report.day, report.counted)
    else:
        move(report.day, difference)
    CountReportChange.objects.create(
        report=report,
        count_before=count_before,
        count_after=report.count,
        status_before=status_before,
        status_after=report.status,
        tallied_by=difference,
        changed_by=changed_by if getattr(changed_by, "pk", None) else None,
        actor=actor,
        note=note,
    )
    return difference


@transaction.atomic
def count_report_record(
    *,
    reference: str,
    source: Source,
    case: Case,
    channel: Channel,
    count: int,
    day: date,
    country: str = "",
    section_id: int | None = None,
    held_reason: str = "",
    reported_by: str = "",
    changed_by: Any = None,
    actor: str = "",
    note: str = "",
) -> tuple[CountReport, int]:
    """Record a count, or correct the report with this reference to `count`.

    Held (not counted) when `held_reason` is given, else counted. Returns the report and
    what the tallies moved by (0 for a repeat of the same figure). A withdrawn report is
    not brought back by a repeat: it raises CountReportRefused.
    """
    if count < 0:
        raise ValueError("A count is never negative")
    report = CountReport.objects.select_for_update().filter(reference=reference).first()
    status = CountReport.Status.HELD if held_reason else CountReport.Status.COUNTED
    if report is None:
        report = CountReport(
            reference=reference,
            source=source,
            campaign_id=case.campaign_id,
            case=case,
            channel=channel,
            section_id=section_id,
            country=country,
            day=day,
            count=count,
            status=status,
            held_reason=held_reason,
            reported_by=reported_by,
        )
        report.save(force_insert=True)
        moved = _changed(
            report,
            count_before=None,
            status_before="",
            counted_before=0,
            changed_by=changed_by,
            actor=actor,
            note=note,
        )
        return report, moved
    if report.status == CountReport.Status.WITHDRAWN:
        raise CountReportRefused("This report was withdrawn")
    if report.count == count and report.status == status and report.day == day:
        return report, 0
    before = (report.count, report.status, report.counted)
    day_before = report.day
    report.count = count
    report.day = day
    report.status = status
    report.held_reason = held_reason
    report.save(update_fields=["count", "day", "status", "held_reason", "updated_at"])
    moved = _changed(
        report,
        count_before=before[0],
        status_before=before[1],
        counted_before=before[2],
        changed_by=changed_by,
        actor=actor,
        note=note,
        day_before=day_before,
    )
    return report, moved


@transaction.atomic
def count_report_release(*, report_id: int, changed_by: Any, note: str = "") -> int:
    """Staff approve a held report: it counts from now. Returns what the tallies moved by
    (0 when it was not held: a second click changes nothing)."""
    report = CountReport.objects.select_for_update().get(pk=report_id)
    if report.status != CountReport.Status.HELD:
        return 0
    report.status = CountReport.Status.COUNTED
    report.save(update_fields=["status", "updated_at"])
    return _changed(
        report,
        count_before=report.count,
        status_before=CountReport.Status.HELD,
        counted_before=0,
        changed_by=changed_by,
        actor="",
        note=note,
    )


@transaction.atomic
def count_report_withdraw(
    *, report_id: int, changed_by: Any = None, actor: str = "", note: str = ""
) -> int:
    """Take a report out of the count for good (staff refuse a held report, a host removes
    a line, an import is undone). Returns what the tallies moved by (0 or less)."""
    report = CountReport.objects.select_for_update().get(pk=report_id)
    if report.status == CountReport.Status.WITHDRAWN:
        return 0
    before = (report.status, report.counted)
    report.status = CountReport.Status.WITHDRAWN
    report.save(update_fields=["status", "updated_at"])
    return _changed(
        report,
        count_before=report.count,
        status_before=before[0],
        counted_before=before[1],
        changed_by=changed_by,
        actor=actor,
        note=note,
    )
