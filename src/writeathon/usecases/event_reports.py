"""What comes back from write-a-thons into the count: a host's report-back (and its
corrections and review) and the tally files staff import. Every count goes through the one
intake service (count_report_submit), source "event" or "import"; the live counter is told
at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django_tasks import task

from writeathon.actions.counts import count_report_release, count_report_withdraw
from writeathon.actions.models import CountReport
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.staff import Viewer
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.core.vocabulary import Channel, Source
from writeathon.delivery.partner_events import partner_event_emit
from writeathon.events.models import Event
from writeathon.events.report_models import EventReport, TallyImport
from writeathon.events.report_selectors import (
    EVENT_CHANNELS,
    event_cases,
    event_line_reference,
    event_lines,
    event_local_day,
    event_plausibility,
    report_deadline,
)
from writeathon.events.reports import (
    event_report_reviewed,
    event_report_store,
    tally_import_create,
    tally_import_finish,
    tally_import_progress,
    tally_import_queue,
)
from writeathon.events.tally_files import RowError, tally_file_read
from writeathon.partners.models import WebhookEvent
from writeathon.reporting.selectors import counter_forget
from writeathon.sections.access import scope_sections, staff_scope
from writeathon.sections.models import Section
from writeathon.usecases.intake import COUNT_REPORT_LARGEST, CountNotAccepted, count_report_submit


class ReportNotAccepted(ValueError):
    """A report the host cannot make now; the message is translated, for the host."""


@dataclass(frozen=True)
class ReportOutcome:
    report: EventReport
    held: bool
    moved: int


def event_report_check_open(event: Event, *, now: datetime) -> None:
    """Raise ReportNotAccepted, saying why, when the host may not report now."""
    if event.status != Event.Status.APPROVED:
        raise ReportNotAccepted(_("Only an approved event can be reported on."))
    if now < event.starts_at:
        raise ReportNotAccepted(_("You can report once the event has started."))
    deadline = report_deadline(event.campaign)
    if deadline is not None and now >= deadline:
        raise ReportNotAccepted(
            _("Reports for this campaign closed on %(day)s.")
            % {"day": date_format((deadline - timedelta(days=1)).date(), "DATE_FORMAT")}
        )
    report = EventReport.objects.filter(event=event).first()
    if report is not None and report.status == EventReport.Status.REFUSED:
        raise ReportNotAccepted(_("Staff refused this report; it can no longer be changed."))


def _held_reason(*, total: int, attendees: int, hours: int, limit: int, ratio: int) -> str:
    # Staff read it, in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "%(total)s actions reported for %(attendees)s people in %(hours)s hours: more than "
            "the %(limit)s expected at %(ratio)s actions per person per hour."
        ) % {
            "total": total,
            "attendees": attendees,
            "hours": hours,
            "limit": limit,
            "ratio": ratio,
        }


def _counter_forget(campaign: Campaign) -> None:
    # Now, and again once committed: a reader between the two may cache the old count.
    counter_forget(campaign=campaign)
    transaction.on_commit(lambda: counter_forget(campaign=campaign))


@transaction.atomic
def event_report_submit(
    *,
    event: Event,
    attendees: int,
    counts: dict[tuple[int, str], int],
    now: datetime | None = None,
) -> ReportOutcome:
    """Record (or correct) the host's report: `counts` by (case id, channel), how many
    took part. Each line is a CountReport that counts at once, or, when the whole report is
    beyond what its attendees could write in the event's time (event_plausibility) and
    above what staff approved before, is held for staff. A correction moves the tallies by
    exactly its difference. Raises ReportNotAccepted (nothing changed) when the report is
    closed or a count is out of bounds."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().select_related("campaign", "host").get(pk=event.pk)
    event_report_check_open(event, now=now)
    if attendees < 0:
        raise ReportNotAccepted(_("The number of people cannot be negative."))
    cases = {case.pk: case for case in event_cases(event)}
    existing = {(r.case_id, r.channel) for r in event_lines(event)}
    for (case_id, channel), count in counts.items():
        if case_id not in cases or channel not in EVENT_CHANNELS:
            raise ReportNotAccepted(_("This event does not report on that case or channel."))
        if count < 0:
            raise ReportNotAccepted(_("A count cannot be negative."))
    total = sum(counts.values())
    rule = event_plausibility(event, attendees=attendees)
    earlier = EventReport.objects.filter(event=event).first()
    approved = earlier.approved_total if earlier is not None else 0
    held_reason = ""
    if total > rule.limit and total > approved:
        held_reason = _held_reason(
            total=total, attendees=attendees, hours=rule.hours, limit=rule.limit, ratio=rule.ratio
        )
    day = event_local_day(event)
    moved = 0
    host = event.host
    for case in cases.values():
        for channel in EVENT_CHANNELS:
            count = counts.get((case.pk, channel), 0)
            if not count and (case.pk, channel) not in existing:
                continue
            try:
                _report, by = count_report_submit(
                    reference=event_line_reference(event, case, channel),
                    source=Source.EVENT,
                    case=case,
                    channel=Channel(channel),
                    count=count,
                    day=day,
                    country=str(event.country),
                    section_id=event.section_id,
                    held_reason=held_reason,
                    reported_by=f"Host of event {event.pk}: {host.name}"[:200],
                    actor=f"host:{host.pk} {host.email}"[:200],
                    note="report" if earlier is None else "correction",
                )
            except CountNotAccepted as exc:
                raise ReportNotAccepted(str(exc)) from exc
            moved += by
    report, _created = event_report_store(event=event, attendees=attendees, held_reason=held_reason)
    _counter_forget(event.campaign)
    # Partners hear of each version of the report (a correction is a new event to them).
    partner_event_emit(
        event=WebhookEvent.EVENT_REPORTED,
        object_key=f"event:{event.public_id}:{total}:{attendees}:{int(bool(held_reason))}",
        data={
            "event": str(event.public_id),
            "campaign": event.campaign.slug,
            "country": str(event.country),
            "attendees": attendees,
            "total": total,
            "held": bool(held_reason),
            "day": day.isoformat(),
        },
        section_id=event.section_id,
    )
    return ReportOutcome(report=report, held=bool(held_reason), moved=moved)


@transaction.atomic
def event_report_review(*, report: EventReport, approve: bool, reason: str, user: Any) -> int:
    """Staff approve a held report (its lines count from now) or refuse it (taken out of
    the count for good); the host is told by email. Returns what the tallies moved by;
    a report no longer held changes nothing (0)."""
    report = EventReport.objects.select_for_update().select_related("event").get(pk=report.pk)
    if report.status != EventReport.Status.HELD:
        return 0
    moved = 0
    lines = list(event_lines(report.event).exclude(status=CountReport.Status.WITHDRAWN))
    for line in lines:
        if approve:
            moved += count_report_release(report_id=line.pk, changed_by=user, note=reason)
        else:
            moved += count_report_withdraw(report_id=line.pk, changed_by=user, note=reason)
    event_report_reviewed(
        report=report,
        approved=approve,
        reason=reason,
        user=user,
        total=sum(line.count for line in lines),
    )
    _counter_forget(report.event.campaign)
    return moved


# --- Tally imports ------------------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _section(value: str, sections: list[Section]) -> Section | None:
    wanted = value.casefold()
    for section in sections:
        names = {str(section.country).casefold(), section.name.casefold()}
        names.add(section.short_name.casefold())
        if wanted in names:
            return section
    return None


def _case(value: str, cases: list[Case]) -> Case | None:
    wanted = value.casefold()
    for case in cases:
        if wanted in {case.slug.casefold(), case.name.casefold()}:
            return case
    return None


def _channel(value: str) -> str | None:
    wanted = value.casefold()
    for choice in Channel:
        if wanted in {choice.value, str(choice.label).casefold()}:
            return choice.value
    return None


def _count(value: object) -> tuple[int | None, str]:
    if isinstance(value, bool):
        return None, _("Write the count as a whole number, for example 12.")
    if isinstance(value, float):
        if not value.is_integer():
            return None, _("Write the count as a whole number, for example 12.")
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value).replace(" ", "").replace("\u00a0", "")
        try:
            number = int(text)
        except ValueError:
            return None, _("Write the count as a whole number, for example 12.")
    if number < 0:
        return None, _("A count cannot be negative.")
    if number > COUNT_REPORT_LARGEST:
        return None, _("%(count)s is more than one row may count (at most %(largest)s).") % {
            "count": number_format(number, force_grouping=True),
            "largest": number_format(COUNT_REPORT_LARGEST, force_grouping=True),
        }
    return number, ""


def _day(value: object, *, latest: date) -> tuple[date | None, str]:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(_text(value))
        except ValueError:
            return None, _("Write the date as year-month-day, for example 2016-12-10.")
    if day > latest:
        return None, _("This date is in the future.")
    return day, ""


def tally_rows_check(
    *, campaign: Campaign, rows: list[tuple[int, dict[str, Any]]], user: Viewer, name: str
) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Check each row against the campaign and what `user` may import: the rows as the
    import records them, and every error (row, column, what is wrong)."""
    allowed = list(scope_sections(user))
    every = list(Section.objects.all())
    cases = list(Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED))
    # The far side of the date line is a day ahead of UTC.
    latest = (timezone.now() + timedelta(hours=14)).date()
    checked: list[dict[str, Any]] = []
    errors: list[RowError] = []
    for number, cells in rows:
        errors_before = len(errors)

        def wrong(column: str, message: str, number: int = number) -> None:
            errors.append(RowError(row=number, column=column, message=message))

        section_text = _text(cells.get("section"))
        section = _section(section_text, every) if section_text else None
        if not section_text:
            wrong("section", _("Name the section (its name or country code)."))
        elif section is None:
            wrong(
                "section",
                _("There is no section called “%(name)s”.") % {"name": section_text[:60]},
            )
        elif section not in allowed:
            wrong(
                "section",
                _("You can import tallies only for your own section, not for %(name)s.")
                % {"name": section.name},
            )
        group = _text(cells.get("group"))
        if not group:
            wrong("group", _("Name the group or school that wrote these."))
        case_text = _text(cells.get("case"))
        case = _case(case_text, cases) if case_text else None
        if case is None:
            wrong(
                "case",
                _("There is no published case called “%(name)s” in %(campaign)s.")
                % {"name": case_text[:60], "campaign": campaign.name},
            )
        channel_text = _text(cells.get("channel"))
        channel = _channel(channel_text) if channel_text else None
        if channel is None:
            wrong(
                "channel",
                _("Unknown channel “%(name)s”. Use one of: %(known)s.")
                % {"name": channel_text[:40], "known": ", ".join(c.value for c in Channel)},
            )
        count, problem = _count(cells.get("count"))
        if problem:
            wrong("count", problem)
        day, problem = _day(cells.get("date"), latest=latest)
        if problem:
            wrong("date", problem)
        if len(errors) > errors_before or not (section and case and count is not None and day):
            continue
        checked.append(
            {
                "row": number,
                "section_id": section.pk,
                "section": section.name,
                "country": str(section.country),
                "group": group[:120],
                "case_id": case.pk,
                "case": case.name,
                "channel": channel,
                "count": count,
                "day": day.isoformat(),
                "reported_by": f"{group[:120]} ({name[:60]}, row {number})",
            }
        )
    return checked, errors


def tally_import_check(*, campaign: Campaign, name: str, content: bytes, user: Any) -> TallyImport:
    """Read and check an uploaded tally file; keep it for the preview. Nothing is counted
    here; a file with any error is kept only to show its errors."""
    sha256 = hashlib.sha256(content).hexdigest()
    parsed = tally_file_read(name=name, content=content)
    rows: list[dict[str, Any]] = []
    errors = list(parsed.errors)
    if not any(e.row in (0, 1) for e in errors):
        rows, row_errors = tally_rows_check(
            campaign=campaign, rows=parsed.rows, user=user, name=name
        )
        errors.extend(row_errors)
        errors.sort(key=lambda e: (e.row, e.column))
    scope = staff_scope(user)
    section_id = None if scope.all_sections else min(scope.section_ids, default=None)
    return tally_import_create(
        campaign_id=campaign.pk,
        filename=name,
        sha256=sha256,
        user=user,
        section_id=section_id,
        rows=rows if not errors else [],
        errors=[e.as_dict() for e in errors],
    )


@transaction.atomic
def tally_import_start(*, tally_import: TallyImport) -> bool:
    """Queue a checked, error-free import to run in the background; false if it cannot."""
    if not tally_import_queue(tally_import=tally_import):
        return False
    enqueue_with_transaction(tally_import_task, import_id=tally_import.pk)
    return True


# Progress is written every this many rows checked.
PROGRESS_EVERY = 100


def tally_import_run(*, import_id: int) -> None:
    """Run a queued import: check its rows again (the campaign may have changed since the
    preview), writing progress as it goes, then count every row in one transaction, so
    the file counts entirely or not at all. Each row's reference is the file's SHA-256 and
    the row's number: the same file imported again counts nothing more."""
    tally_import = TallyImport.objects.select_related("campaign", "uploaded_by").get(pk=import_id)
    if tally_import.status != TallyImport.Status.QUEUED:
        return
    tally_import_progress(import_id=import_id, rows_done=0, status=TallyImport.Status.RUNNING)
    cases = {c.pk: c for c in Case.objects.filter(campaign=tally_import.campaign)}
    rows = list(tally_import.rows)
    failure = ""
    for index, row in enumerate(rows, start=1):
        case = cases.get(int(row["case_id"]))
        if case is None or case.status != Case.Status.PUBLISHED:
            failure = _("Row %(row)s: the case %(case)s is no longer published.") % {
                "row": row["row"],
                "case": row["case"],
            }
            break
        if index % PROGRESS_EVERY == 0:
            # Checking is the first half of the bar; the counting transaction, whose rows
            # no other connection sees until it commits, is the second.
            tally_import_progress(import_id=import_id, rows_done=index // 2)
    moved = 0
    user_id = tally_import.uploaded_by_id
    if not failure:
        try:
            with transaction.atomic():
                for row in rows:
                    try:
                        _report, by = count_report_submit(
                            reference=f"import:{tally_import.sha256}:{row['row']}",
                            source=Source.IMPORT,
                            case=cases[int(row["case_id"])],
                            channel=Channel(row["channel"]),
                            count=int(row["count"]),
                            day=date.fromisoformat(row["day"]),
                            country=row["country"],
                            section_id=int(row["section_id"]),
                            reported_by=row["reported_by"],
                            changed_by=tally_import.uploaded_by,
                            note=f"tally import {tally_import.public_id}",
                        )
                    except CountNotAccepted as exc:
                        raise CountNotAccepted(
                            _("Row %(row)s: %(problem)s") % {"row": row["row"], "problem": exc}
                        ) from exc
                    moved += by
        except CountNotAccepted as exc:
            failure = str(exc)
            moved = 0
    tally_import_finish(import_id=import_id, moved=moved, failure=failure, user_id=user_id)
    counter_forget(campaign=tally_import.campaign)


@task()
def tally_import_task(*, import_id: int) -> None:
    """Run one tally import in the background (safe to run twice: it runs only when queued)."""
    tally_import_run(import_id=import_id)
