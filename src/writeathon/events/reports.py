"""Writes for what follows a write-a-thon: the event's report record, the paper sign-up
sheet, tally imports' progress, the reminders and thank-yous to hosts, and their emails.

The counts themselves go through writeathon.usecases.event_reports, which calls the one
intake service; these services trust their arguments.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from writeathon.core.email_address import email_normalize
from writeathon.core.signed_tokens import (
    SignedTokenError,
    fingerprint,
    fingerprint_matches,
    signed_token_make,
    signed_token_read,
)
from writeathon.delivery.channels.base import NotNeeded
from writeathon.delivery.composed import composer_register, message_enqueue
from writeathon.delivery.models import Delivery
from writeathon.events.models import Event
from writeathon.events.report_models import EventReport, EventSignup, ReportRules, TallyImport
from writeathon.events.report_selectors import (
    event_report_is_open,
    event_share_percent,
    events_awaiting_report,
    events_to_thank,
    report_deadline,
)
from writeathon.supporters.models import Consent
from writeathon.supporters.services import (
    consent_record,
    supporter_confirmed_mark,
    supporter_get_or_create,
)

# Reminders go this many days after the event ends, while reports are still open.
REMINDER_DAYS = (1, 7)
# Thank-yous go to events of campaigns whose deadline passed within this many days.
THANKS_WITHIN_DAYS = 30

COMPOSER_REMINDER = "events.report_reminder"
COMPOSER_THANKS = "events.report_thanks"
COMPOSER_REVIEWED = "events.report_reviewed"
COMPOSER_SIGNUP = "events.signup_confirmation"

_SIGNUP_SALT = "writeathon.events.signup"
SIGNUP_LINK_MAX_AGE_SECONDS = 30 * 24 * 3600


# --- The event's report record -----------------------------------------------------------------


@transaction.atomic
def event_report_store(
    *, event: Event, attendees: int, held_reason: str
) -> tuple[EventReport, bool]:
    """Create or update the event's report: how many took part, held (with why) or
    counted. Returns it and whether it was created."""
    status = EventReport.Status.HELD if held_reason else EventReport.Status.COUNTED
    report, created = EventReport.objects.select_for_update().get_or_create(
        event=event,
        defaults={"attendees": attendees, "status": status, "review_reason": held_reason},
    )
    if not created:
        report.attendees = attendees
        report.status = status
        report.review_reason = held_reason
        report.save(update_fields=["attendees", "status", "review_reason", "updated_at"])
    return report, created


@transaction.atomic
def event_report_reviewed(
    *, report: EventReport, approved: bool, reason: str, user: Any, total: int
) -> None:
    """Record staff's decision on a held report, log it, and tell the host by email."""
    report.status = EventReport.Status.COUNTED if approved else EventReport.Status.REFUSED
    report.review_reason = "" if approved else reason
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    if approved:
        report.approved_total = max(report.approved_total, total)
    report.save()
    LogEntry.objects.log_actions(
        user.pk,
        EventReport.objects.filter(pk=report.pk),
        CHANGE,
        f"Held report {'approved' if approved else 'refused'}: {reason}".strip(),
    )
    host = report.event.host
    message_enqueue(
        key=f"event:{report.event_id}:report-reviewed:{report.reviewed_at.isoformat()}",
        composer=COMPOSER_REVIEWED,
        recipient=host.email,
        payload={"report_id": report.pk, "approved": approved, "reason": reason},
        language=host.language,
        campaign_id=report.event.campaign_id,
    )


@transaction.atomic
def report_rules_set(*, campaign_id: int, ratio: int, user: Any) -> ReportRules:
    """Set how many actions per person per hour a campaign's event reports may hold."""
    rules, _created = ReportRules.objects.update_or_create(
        campaign_id=campaign_id,
        defaults={"actions_per_attendee_hour": ratio, "updated_by": user},
    )
    LogEntry.objects.log_actions(
        user.pk, ReportRules.objects.filter(pk=rules.pk), CHANGE, f"Ratio set to {ratio}"
    )
    return rules


# --- The paper sign-up sheet --------------------------------------------------------------------


@transaction.atomic
def event_signups_add(
    *,
    event: Event,
    people: list[dict[str, str]],
    consent_text: str,
    consent_version: str,
    language: str,
    base_url: str = "",
) -> tuple[int, int]:
    """Add the people the host typed from the sheet (name, email, country, each with the
    consent ticked): each becomes a supporter with an unconfirmed address, and is sent a
    confirmation link through the outbox; only following it adds them to the mailing list.
    Someone typed twice for the event is left as they were. Returns (added, already there).
    """
    added = repeated = 0
    for person in people:
        email = email_normalize(person["email"])
        if EventSignup.objects.filter(event=event, email=email).exists():
            repeated += 1
            continue
        supporter, _created = supporter_get_or_create(
            email=email, name=person["name"], country=person["country"], language=language
        )
        signup = EventSignup.objects.create(
            event=event,
            name=person["name"],
            email=email,
            country=person["country"],
            language=language,
            supporter=supporter,
            consent_text=consent_text,
            consent_version=consent_version,
        )
        message_enqueue(
            key=f"event-signup:{signup.pk}:confirm",
            composer=COMPOSER_SIGNUP,
            recipient=email,
            payload={"signup_id": signup.pk, "base_url": base_url},
            language=language,
            campaign_id=event.campaign_id,
        )
        added += 1
    return added, repeated


def _signup_fingerprint(email: str) -> str:
    return fingerprint(purpose=_SIGNUP_SALT, value=email)


def signup_token_make(*, signup: EventSignup) -> str:
    return signed_token_make(
        salt=_SIGNUP_SALT, record_id=signup.pk, fingerprint=_signup_fingerprint(signup.email)
    )


def signup_for_token(*, token: str) -> EventSignup | None:
    """The sign-up a genuine, unexpired link was made for."""
    try:
        signed = signed_token_read(
            salt=_SIGNUP_SALT, token=token, max_age=SIGNUP_LINK_MAX_AGE_SECONDS
        )
    except SignedTokenError:
        return None
    signup = (
        EventSignup.objects.select_related("event", "supporter").filter(pk=signed.record_id).first()
    )
    if signup is None or not fingerprint_matches(signed, _signup_fingerprint(signup.email)):
        return None
    return signup


@transaction.atomic
def event_signup_confirm(*, signup: EventSignup) -> bool:
    """The person followed their link: their address is confirmed and the consent they
    ticked on paper is recorded (they are on the mailing list). False if done before."""
    updated = EventSignup.objects.filter(pk=signup.pk, status=EventSignup.Status.PENDING).update(
        status=EventSignup.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    if not updated or signup.supporter is None:
        return False
    consent_record(
        supporter=signup.supporter,
        purpose=Consent.Purpose.CAMPAIGN_UPDATES,
        text=signup.consent_text,
        version=signup.consent_version,
        form=f"event-sign-up-sheet:{signup.event_id}",
        language=signup.language,
    )
    supporter_confirmed_mark(supporter_id=signup.supporter.pk)
    return True


def event_signups_forget(*, supporter_id: int, identifiers: list[str]) -> int:
    """Delete what sign-up sheets hold about an erased supporter (by the supporter, or by
    any address they had); returns how many lines were deleted."""
    addresses = [i for i in identifiers if "@" in i]
    deleted, _by_model = EventSignup.objects.filter(
        Q(supporter_id=supporter_id) | Q(email__in=addresses)
    ).delete()
    return deleted


# --- Tally imports -------------------------------------------------------------------------------


def tally_import_create(
    *,
    campaign_id: int,
    filename: str,
    sha256: str,
    user: Any,
    section_id: int | None,
    rows: list[dict[str, Any]],
    errors: list[dict[str, Any]],
) -> TallyImport:
    """Keep a checked file: its rows and errors, for the preview."""
    return TallyImport.objects.create(
        campaign_id=campaign_id,
        filename=filename[:200],
        sha256=sha256,
        uploaded_by=user,
        section_id=section_id,
        rows=rows,
        errors=errors,
        rows_total=len(rows),
        count_total=sum(int(r["count"]) for r in rows),
        status=TallyImport.Status.PREVIEW if not errors else TallyImport.Status.FAILED,
    )


def tally_import_queue(*, tally_import: TallyImport) -> bool:
    """Mark a checked, error-free import as waiting to run; false if it is not one."""
    return bool(
        TallyImport.objects.filter(
            pk=tally_import.pk, status=TallyImport.Status.PREVIEW, errors=[]
        ).update(status=TallyImport.Status.QUEUED)
    )


def tally_import_progress(*, import_id: int, rows_done: int, status: str = "") -> None:
    """Record how far the import got (outside its counting transaction, so the page sees it)."""
    fields: dict[str, Any] = {"rows_done": rows_done}
    if status:
        fields["status"] = status
        if status == TallyImport.Status.RUNNING:
            fields["started_at"] = timezone.now()
    TallyImport.objects.filter(pk=import_id).update(**fields)


def tally_import_finish(*, import_id: int, moved: int, failure: str, user_id: int | None) -> None:
    """Record the end of an import: done (with what the tallies moved by) or failed."""
    done = not failure
    rows = TallyImport.objects.filter(pk=import_id)
    total = rows.values_list("rows_total", flat=True).first() or 0
    rows.update(
        status=TallyImport.Status.DONE if done else TallyImport.Status.FAILED,
        moved=moved,
        failure=failure,
        finished_at=timezone.now(),
        **({"rows_done": total} if done else {}),
    )
    if user_id is not None:
        LogEntry.objects.log_actions(
            user_id,
            TallyImport.objects.filter(pk=import_id),
            CHANGE,
            f"Imported, tallies moved by {moved}" if done else f"Import failed: {failure}",
        )


# --- Reminders and thank-yous ------------------------------------------------------------------


def event_reports_remind(*, now: datetime | None = None) -> int:
    """Queue a reminder to each host who has not reported on an event that ended 1 and 7
    days ago, while reports are open, and a thank-you for each event once the campaign's
    deadline has passed. Each email is keyed, so a run repeated (or late) never sends one
    twice; a run that comes late sends only the latest reminder due. Returns how many
    emails were queued."""
    now = now or timezone.now()
    queued = 0
    for event in events_awaiting_report(now=now).iterator():
        if not event_report_is_open(event, now=now):
            continue
        due = [d for d in REMINDER_DAYS if event.ends_at + timedelta(days=d) <= now]
        if not due:
            continue
        queued += message_enqueue(
            key=f"event:{event.pk}:report-reminder:{due[-1]}",
            composer=COMPOSER_REMINDER,
            recipient=event.host.email,
            payload={"event_id": event.pk},
            language=event.host.language,
            campaign_id=event.campaign_id,
        )
    for event in events_to_thank(now=now, within_days=THANKS_WITHIN_DAYS).iterator():
        deadline = report_deadline(event.campaign)
        if deadline is None or now < deadline:
            continue
        queued += message_enqueue(
            key=f"event:{event.pk}:report-thanks",
            composer=COMPOSER_THANKS,
            recipient=event.host.email,
            payload={"event_id": event.pk},
            language=event.host.language,
            campaign_id=event.campaign_id,
        )
    return queued


# --- Emails -------------------------------------------------------------------------------------


def _base_url(delivery: Delivery) -> str:
    return str(delivery.payload.get("base_url") or settings.SITE_URL).rstrip("/")


def _email(delivery: Delivery, *, template: str, context: dict[str, object]) -> EmailMessage:
    language = str(delivery.payload.get("language") or settings.LANGUAGE_CODE)
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[delivery.recipient],
        headers={"Message-ID": delivery.message_id},
    )


def _event(delivery: Delivery) -> Event:
    event = (
        Event.objects.select_related("host", "campaign")
        .filter(pk=delivery.payload.get("event_id") or 0)
        .first()
    )
    if event is None or event.status != Event.Status.APPROVED:
        raise NotNeeded("The event is gone or was cancelled")
    return event


def _report_url(delivery: Delivery, event: Event) -> str:
    return _base_url(delivery) + reverse(
        "event_reports:report", kwargs={"public_id": event.public_id}
    )


def report_reminder_message(delivery: Delivery) -> EmailMessage:
    event = _event(delivery)
    if EventReport.objects.filter(event=event).exists():
        raise NotNeeded("The host reported meanwhile")
    return _email(
        delivery,
        template="event_report_reminder",
        context={
            "event": event,
            "link": _report_url(delivery, event),
            "deadline": report_deadline(event.campaign),
        },
    )


def report_thanks_message(delivery: Delivery) -> EmailMessage:
    event = _event(delivery)
    mine, total, share = event_share_percent(event)
    return _email(
        delivery,
        template="event_report_thanks",
        context={"event": event, "mine": mine, "total": total, "share": share},
    )


def report_reviewed_message(delivery: Delivery) -> EmailMessage:
    report = (
        EventReport.objects.select_related("event", "event__host")
        .filter(pk=delivery.payload.get("report_id") or 0)
        .first()
    )
    if report is None:
        raise NotNeeded("The report is gone")
    return _email(
        delivery,
        template="event_report_reviewed",
        context={
            "event": report.event,
            "approved": bool(delivery.payload.get("approved")),
            "reason": str(delivery.payload.get("reason") or ""),
            "link": _report_url(delivery, report.event),
        },
    )


def signup_confirmation_message(delivery: Delivery) -> EmailMessage:
    signup = (
        EventSignup.objects.select_related("event")
        .filter(pk=delivery.payload.get("signup_id") or 0)
        .first()
    )
    if signup is None or signup.status != EventSignup.Status.PENDING:
        raise NotNeeded("Nobody is left to confirm")
    link = _base_url(delivery) + reverse(
        "event_reports:signup-confirm", kwargs={"token": signup_token_make(signup=signup)}
    )
    return _email(
        delivery,
        template="event_signup_confirm",
        context={"signup": signup, "event": signup.event, "link": link},
    )


def composers_register() -> None:
    """Register the emails of event reports and sign-up sheets (from EventsConfig.ready)."""
    composer_register(COMPOSER_REMINDER, report_reminder_message)
    composer_register(COMPOSER_THANKS, report_thanks_message)
    composer_register(COMPOSER_REVIEWED, report_reviewed_message)
    composer_register(COMPOSER_SIGNUP, signup_confirmation_message)
