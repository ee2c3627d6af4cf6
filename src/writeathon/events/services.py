"""Writes of write-a-thons: hosts, their events, RSVPs and messages to attendees.

Every email goes through the outbox as a composed email (writeathon.delivery.composed):
its row names the composer and the record, and the worker writes it, with freshly signed
links, when it sends it (writeathon.events.emails). Staff decisions are recorded in the
admin's history with who and why; a host's own changes are logged.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from writeathon.campaigns.models import Campaign, Case
from writeathon.core.email_address import email_normalize
from writeathon.delivery.composed import Composed, message_enqueue, messages_enqueue
from writeathon.delivery.models import Delivery
from writeathon.events.models import Event, EventMessage, Host, Rsvp
from writeathon.sections.models import Section

logger = logging.getLogger(__name__)

# Composers (registered in EventsConfig.ready, written in writeathon.events.emails).
SIGN_IN_COMPOSER = "events.sign_in"
RSVP_CONFIRM_COMPOSER = "events.rsvp_confirmation"
RSVP_REMINDER_COMPOSER = "events.rsvp_reminder"
REVIEW_COMPOSER = "events.review"
HOST_MESSAGE_COMPOSER = "events.host_message"
EVENT_CANCELLED_COMPOSER = "events.event_cancelled"

# One sign-in email per host per this many seconds, however often the form is sent.
SIGN_IN_EMAIL_INTERVAL_SECONDS = 60
# A host may write to the people coming to one event this many times a day.
HOST_MESSAGES_PER_DAY = 3
# People coming get their reminder when the event starts within this time.
REMINDER_AHEAD = timedelta(hours=24)


class EventFull(Exception):
    """Every place of the event is taken."""


class EventClosed(Exception):
    """The event is cancelled, refused, not yet approved or over: nobody can join it."""


class HostMessagesExhausted(Exception):
    """The host has written HOST_MESSAGES_PER_DAY messages for this event today."""


def section_for_country(country: str) -> Section | None:
    return Section.objects.filter(country=country).order_by("pk").first()


# --- Hosts ---------------------------------------------------------------------------------------


@transaction.atomic
def host_sign_in_request(
    *, email: str, name: str, country: str, language: str, organisation: str, base_url: str
) -> Host:
    """Queue a sign-in link for the owner of `email`, making them a host if they are new.

    A known host keeps their name, country and organisation: whoever typed the address may
    not be its owner, and only the link's opener gets in. At most one email per host every
    SIGN_IN_EMAIL_INTERVAL_SECONDS (the outbox key is the host and the minute).
    """
    address = email_normalize(email)
    host = Host.objects.filter(email=address).first()
    if host is None:
        try:
            with transaction.atomic():
                host = Host.objects.create(
                    email=address,
                    name=name,
                    country=country,
                    section=section_for_country(country),
                    language=language,
                    organisation=organisation,
                )
            logger.info("Host %s signed up", host.pk)
        except IntegrityError:
            # The same address sent twice at once: the other request made the host.
            host = Host.objects.get(email=address)
    now = timezone.now()
    slot = int(now.timestamp()) // SIGN_IN_EMAIL_INTERVAL_SECONDS
    message_enqueue(
        key=f"host:{host.pk}:sign-in:{slot}",
        composer=SIGN_IN_COMPOSER,
        recipient=host.email,
        payload={"host_id": host.pk, "base_url": base_url, "requested_at": now.isoformat()},
        language=language or host.language,
    )
    return host


@transaction.atomic
def host_sign_in(*, host: Host) -> Host:
    """The owner of the address opened a sign-in link: the address is confirmed."""
    if host.confirmed_at is None:
        Host.objects.filter(pk=host.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        host.refresh_from_db()
    logger.info("Host %s signed in", host.pk)
    return host


def _staff_log(user_id: int, queryset: QuerySet[Any], action: int, message: str) -> None:
    LogEntry.objects.log_actions(user_id, queryset, action, message, single_object=True)


@transaction.atomic
def host_review(*, host: Host, approve: bool, reason: str, user_id: int) -> Host:
    """Staff approve or refuse a host, with a reason the host reads in an email.

    Refusing a host refuses their events that wait for review, and takes their listed
    events off the finder; approving them lists their waiting events that screening did
    not hold.
    """
    host = Host.objects.select_for_update().get(pk=host.pk)
    now = timezone.now()
    host.status = Host.Status.APPROVED if approve else Host.Status.REFUSED
    host.review_reason = reason
    host.reviewed_at = now
    host.reviewed_by_id = user_id
    host.save(update_fields=["status", "review_reason", "reviewed_at", "reviewed_by", "updated_at"])
    events = Event.objects.filter(host=host)
    if approve:
        events.filter(status=Event.Status.PENDING, review_reason="").update(
            status=Event.Status.APPROVED, reviewed_at=now, reviewed_by_id=user_id
        )
    else:
        events.filter(status__in=[Event.Status.PENDING, Event.Status.APPROVED]).update(
            status=Event.Status.REFUSED,
            review_reason=reason,
            reviewed_at=now,
            reviewed_by_id=user_id,
        )
    _staff_log(
        user_id,
        Host.objects.filter(pk=host.pk),
        CHANGE,
        f"{'Approved' if approve else 'Refused'} host: {reason}",
    )
    message_enqueue(
        key=f"host:{host.pk}:review:{int(now.timestamp())}",
        composer=REVIEW_COMPOSER,
        recipient=host.email,
        payload={"host_id": host.pk, "approved": approve, "reason": reason},
        language=host.language,
    )
    return host


# --- Events --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDetails:
    """What a host says about an event (checked by the event form)."""

    title: str
    description: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    mode: str
    venue: str
    city: str
    country: str
    online_link: str
    is_public: bool
    expected_attendees: int
    capacity: int | None
    languages: list[str]
    cases: Sequence[Case]


def event_needs_review(*, host: Host) -> bool:
    """Whether a new event of `host` waits for staff before it is listed."""
    return bool(settings.EVENTS_REVIEW_NEW_HOSTS) and not host.is_trusted


def _apply(event: Event, details: EventDetails) -> None:
    for name in (
        "title",
        "description",
        "kind",
        "starts_at",
        "ends_at",
        "time_zone",
        "mode",
        "venue",
        "city",
        "country",
        "online_link",
        "is_public",
        "expected_attendees",
        "capacity",
        "languages",
    ):
        setattr(event, name, getattr(details, name))
    if event.mode == Event.Mode.ONLINE:
        event.venue = ""
    else:
        event.online_link = ""
    event.section = section_for_country(event.country)


@transaction.atomic
def event_create(
    *, host: Host, campaign: Campaign, details: EventDetails, held_reason: str = ""
) -> Event:
    """Create an event of `host` for `campaign`.

    It is listed at once when the host needs no review and screening held nothing;
    otherwise it waits for staff, with `held_reason` (screening's words) for them to read.
    """
    event = Event(host=host, campaign=campaign)
    _apply(event, details)
    waits = bool(held_reason) or event_needs_review(host=host)
    event.status = Event.Status.PENDING if waits else Event.Status.APPROVED
    event.review_reason = held_reason
    event.full_clean(exclude=["cases"])
    event.save()
    event.cases.set(details.cases)
    logger.info("Host %s created event %s (%s)", host.pk, event.pk, event.status)
    return event


@transaction.atomic
def event_update(*, event: Event, details: EventDetails, held_reason: str = "") -> Event:
    """Change an event. A change that screening holds puts it back in review; a refused or
    cancelled event cannot be changed."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status in (Event.Status.REFUSED, Event.Status.CANCELLED):
        raise EventClosed
    _apply(event, details)
    if held_reason:
        event.status = Event.Status.PENDING
        event.review_reason = held_reason
    elif event.status == Event.Status.PENDING and event.review_reason and not event.reviewed_at:
        # What screening held before was changed and now passes: only the host's trust decides.
        event.review_reason = ""
        if not event_needs_review(host=event.host):
            event.status = Event.Status.APPROVED
    event.full_clean(exclude=["cases"])
    event.save()
    event.cases.set(details.cases)
    logger.info("Host %s changed event %s (%s)", event.host_id, event.pk, event.status)
    return event


@transaction.atomic
def event_cancel(*, event: Event, base_url: str) -> bool:
    """The host cancels their event: it leaves the finder, nobody can join it, and everyone
    who confirmed is told by email. Returns whether this call cancelled it."""
    changed = (
        Event.objects.filter(pk=event.pk)
        .exclude(status=Event.Status.CANCELLED)
        .update(status=Event.Status.CANCELLED, updated_at=timezone.now())
    )
    if changed:
        coming = Rsvp.objects.filter(event_id=event.pk, status=Rsvp.Status.CONFIRMED)
        messages_enqueue(
            composer=EVENT_CANCELLED_COMPOSER,
            messages=[
                Composed(
                    key=f"rsvp:{rsvp.pk}:event-cancelled",
                    recipient=rsvp.email,
                    payload={"rsvp_id": rsvp.pk, "base_url": base_url},
                    language=rsvp.language,
                )
                for rsvp in coming
            ],
            campaign_id=event.campaign_id,
        )
        logger.info("Host %s cancelled event %s", event.host_id, event.pk)
    return bool(changed)


@transaction.atomic
def event_review(*, event: Event, approve: bool, reason: str, user_id: int) -> Event:
    """Staff approve or refuse an event, with a reason the host reads in an email.

    Approving the event of a host not yet approved approves the host too: a host approved
    once is trusted for later events.
    """
    event = Event.objects.select_for_update().select_related("host").get(pk=event.pk)
    now = timezone.now()
    event.status = Event.Status.APPROVED if approve else Event.Status.REFUSED
    event.review_reason = reason
    event.reviewed_at = now
    event.reviewed_by_id = user_id
    event.save(
        update_fields=["status", "review_reason", "reviewed_at", "reviewed_by", "updated_at"]
    )
    host = event.host
    if approve and host.status == Host.Status.NEW:
        Host.objects.filter(pk=host.pk).update(
            status=Host.Status.APPROVED, reviewed_at=now, reviewed_by_id=user_id
        )
        _staff_log(user_id, Host.objects.filter(pk=host.pk), CHANGE, "Approved host with an event")
    _staff_log(
        user_id,
        Event.objects.filter(pk=event.pk),
        CHANGE,
        f"{'Approved' if approve else 'Refused'} event: {reason}",
    )
    message_enqueue(
        key=f"event:{event.pk}:review:{int(now.timestamp())}",
        composer=REVIEW_COMPOSER,
        recipient=host.email,
        payload={"host_id": host.pk, "event_id": event.pk, "approved": approve, "reason": reason},
        language=host.language,
    )
    return event


# --- RSVPs ---------------------------------------------------------------------------------------


def event_is_open(event: Event, *, now: datetime | None = None) -> bool:
    """Whether people can still say they are coming."""
    return event.status == Event.Status.APPROVED and event.ends_at > (now or timezone.now())


def _places_taken(event: Event) -> int:
    return Rsvp.objects.filter(event=event, status=Rsvp.Status.CONFIRMED).count()


@transaction.atomic
def rsvp_request(*, event: Event, name: str, email: str, language: str, base_url: str) -> Rsvp:
    """Someone says they are coming: an RSVP waits for the link emailed to the address.

    The same address again gets the link again (at most once a minute), whatever its state:
    the page says the same to everyone. Raises EventClosed or EventFull.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event_is_open(event):
        raise EventClosed
    if event.capacity is not None and _places_taken(event) >= event.capacity:
        raise EventFull
    address = email_normalize(email)
    rsvp = Rsvp.objects.filter(event=event, email=address).first()
    if rsvp is None:
        rsvp = Rsvp.objects.create(event=event, name=name, email=address, language=language)
    elif rsvp.status == Rsvp.Status.CANCELLED:
        # Coming after all: the address must confirm again.
        Rsvp.objects.filter(pk=rsvp.pk).update(
            status=Rsvp.Status.PENDING, name=name, language=language, confirmed_at=None
        )
        rsvp.refresh_from_db()
    if rsvp.status == Rsvp.Status.PENDING:
        slot = int(timezone.now().timestamp()) // 60
        message_enqueue(
            key=f"rsvp:{rsvp.pk}:confirm:{slot}",
            composer=RSVP_CONFIRM_COMPOSER,
            recipient=rsvp.email,
            payload={"rsvp_id": rsvp.pk, "base_url": base_url},
            language=language,
            campaign_id=event.campaign_id,
        )
    return rsvp


@transaction.atomic
def rsvp_confirm(*, rsvp: Rsvp) -> bool:
    """The address's owner confirms: they have a place, if one is left. Places are counted
    with the event's row locked, so two confirmations of the last place take one.

    Returns whether the RSVP is confirmed (now or before); raises EventFull or EventClosed.
    """
    event = Event.objects.select_for_update().get(pk=rsvp.event_id)
    rsvp = Rsvp.objects.select_for_update().get(pk=rsvp.pk)
    if rsvp.status == Rsvp.Status.CONFIRMED:
        return True
    if not event_is_open(event):
        raise EventClosed
    if event.capacity is not None and _places_taken(event) >= event.capacity:
        raise EventFull
    rsvp.status = Rsvp.Status.CONFIRMED
    rsvp.confirmed_at = timezone.now()
    rsvp.save(update_fields=["status", "confirmed_at", "updated_at"])
    logger.info("RSVP %s confirmed for event %s", rsvp.pk, event.pk)
    return True


@transaction.atomic
def rsvp_cancel(*, rsvp: Rsvp) -> bool:
    """Not coming after all: the place is free again. Returns whether this call cancelled."""
    changed = (
        Rsvp.objects.filter(pk=rsvp.pk)
        .exclude(status=Rsvp.Status.CANCELLED)
        .update(status=Rsvp.Status.CANCELLED, updated_at=timezone.now())
    )
    if changed:
        logger.info("RSVP %s cancelled", rsvp.pk)
    return bool(changed)


def _rsvp_sites(rsvp_ids: list[int]) -> dict[int, str]:
    """The site address each RSVP was made on (kept in its confirmation email's row), so
    that a reminder written by the worker links back to the same site."""
    if not rsvp_ids:
        return {}
    rows = Delivery.objects.filter(
        idempotency_key__regex=r"^rsvp:[0-9]+:confirm:", payload__rsvp_id__in=rsvp_ids
    ).values_list("payload", flat=True)
    sites: dict[int, str] = {}
    for payload in rows:
        if isinstance(payload, dict) and payload.get("base_url"):
            sites[int(payload["rsvp_id"])] = str(payload["base_url"])
    return sites


def rsvp_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue the reminder for everyone coming to an event that starts within REMINDER_AHEAD
    (a periodic job). Each RSVP's reminder has its own outbox key: never sent twice,
    whatever the number of runs or workers. Returns how many were queued now."""
    now = now or timezone.now()
    coming = Rsvp.objects.filter(
        status=Rsvp.Status.CONFIRMED,
        event__status=Event.Status.APPROVED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_AHEAD,
    ).select_related("event")
    queued = 0
    by_campaign: dict[int, list[Composed]] = {}
    rsvps = list(coming)
    sites = _rsvp_sites([rsvp.pk for rsvp in rsvps])
    for rsvp in rsvps:
        by_campaign.setdefault(rsvp.event.campaign_id, []).append(
            Composed(
                key=f"rsvp:{rsvp.pk}:reminder",
                recipient=rsvp.email,
                payload={"rsvp_id": rsvp.pk, "base_url": sites.get(rsvp.pk, settings.SITE_URL)},
                language=rsvp.language,
            )
        )
    for campaign_id, messages in by_campaign.items():
        queued += messages_enqueue(
            composer=RSVP_REMINDER_COMPOSER, messages=messages, campaign_id=campaign_id
        )
    return queued


# --- Messages from hosts -------------------------------------------------------------------------


def host_messages_left(*, event: Event, now: datetime | None = None) -> int:
    since = (now or timezone.now()) - timedelta(days=1)
    sent = EventMessage.objects.filter(event=event, created_at__gt=since).count()
    return max(0, HOST_MESSAGES_PER_DAY - sent)


@transaction.atomic
def host_message_send(*, event: Event, subject: str, body: str, base_url: str) -> EventMessage:
    """A host writes to everyone coming to their event: one composed email each through
    the outbox. At most HOST_MESSAGES_PER_DAY per event in any 24 hours (counted with the
    event's row locked); raises HostMessagesExhausted beyond. Screen the text first
    (usecases.events.event_message_submit)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not host_messages_left(event=event):
        raise HostMessagesExhausted
    coming = list(Rsvp.objects.filter(event=event, status=Rsvp.Status.CONFIRMED))
    message = EventMessage.objects.create(
        event=event, subject=subject, body=body, recipient_count=len(coming)
    )
    messages_enqueue(
        composer=HOST_MESSAGE_COMPOSER,
        messages=[
            Composed(
                key=f"event-message:{message.pk}:{rsvp.pk}",
                recipient=rsvp.email,
                payload={"message_id": message.pk, "rsvp_id": rsvp.pk, "base_url": base_url},
                language=rsvp.language,
            )
            for rsvp in coming
        ],
        campaign_id=event.campaign_id,
    )
    logger.info("Host %s wrote to %s people of event %s", event.host_id, len(coming), event.pk)
    return message


# --- Forgetting ----------------------------------------------------------------------------------


def events_person_forget(*, identifiers: Collection[str]) -> int:
    """Forget a person's RSVPs and host record (erasure): their RSVPs are deleted; a host
    keeps their events (whose counts stay) but loses their name, address and organisation,
    and a home event its venue. Returns how many records were changed."""
    addresses = sorted({email_normalize(value) for value in identifiers if "@" in value})
    if not addresses:
        return 0
    with transaction.atomic():
        deleted, _ = Rsvp.objects.filter(email__in=addresses).delete()
        changed = 0
        for host in Host.objects.select_for_update().filter(email__in=addresses):
            Host.objects.filter(pk=host.pk).update(
                email=f"erased-host-{host.pk}@erased.invalid",
                name="",
                organisation="",
                review_reason="",
                updated_at=timezone.now(),
            )
            Event.objects.filter(host=host).filter(
                Q(kind=Event.Kind.HOME) | Q(mode=Event.Mode.ONLINE)
            ).update(venue="", online_link="")
            EventMessage.objects.filter(event__host=host).delete()
            changed += 1
    return deleted + changed


def sample_event_store(
    *, host: Host, campaign: Campaign, details: EventDetails, status: str, public_id: str
) -> Event:
    """Create or refresh one of the demo's sample events (see usecases.sections)."""
    event = Event.objects.filter(public_id=public_id).first() or Event(
        host=host, campaign=campaign, public_id=public_id
    )
    _apply(event, details)
    event.status = status
    event.save()
    event.cases.set(details.cases)
    return event


def sample_host_store(
    *, email: str, name: str, country: str, language: str, organisation: str
) -> Host:
    host, _created = Host.objects.update_or_create(
        email=email,
        defaults={
            "name": name,
            "country": country,
            "section": section_for_country(country),
            "language": language,
            "organisation": organisation,
            "status": Host.Status.APPROVED,
            "confirmed_at": timezone.now(),
        },
    )
    return host
