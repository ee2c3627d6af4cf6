"""Emails that the apps above delivery write at the moment they go: an event's RSVP
confirmation or reminder, a host's sign-in link, an outcome or a campaign update to a
supporter, a note that a petition was handed in.

Delivery sits below those apps and cannot import them, so each registers a composer by
name when it starts (in its AppConfig.ready). The outbox row holds only the composer's name
and what the composer needs to find its data again (ids, the language, the site address):
no text and no link, so a sign-in or unsubscribe link is signed when the email is written
and never stored. Each row is an outbox row like any other: attempts, retries, dead
letters, "stop all email" and erasure.

    composer_register("events.rsvp_confirmation", rsvp_confirmation_message)
    message_enqueue(key=f"rsvp:{rsvp.pk}:confirm", composer="events.rsvp_confirmation",
                    recipient=rsvp.email, payload={"rsvp_id": rsvp.pk}, language="es")

A composer takes the delivery and returns the EmailMessage to send (its Message-ID header
should be `delivery.message_id`), or raises NotNeeded when there is nothing left to say
(the RSVP was cancelled, the supporter withdrew their consent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from writeathon.core.vocabulary import Channel
from writeathon.delivery.channels.base import TransportError
from writeathon.delivery.models import Delivery

Composer = Callable[[Delivery], EmailMessage]

_composers: dict[str, Composer] = {}

# The payload's keys that delivery itself reads; a composer's own values go beside them.
COMPOSER_KEY = "composer"
LANGUAGE_KEY = "language"


def composer_register(name: str, composer: Composer) -> None:
    """Make `composer` write the emails queued under `name`. Call from AppConfig.ready;
    registering the same function again is harmless, another one under a taken name is a
    mistake."""
    known = _composers.get(name)
    if known is not None and known is not composer:
        raise ValueError(f"A composer named {name!r} is registered already")
    _composers[name] = composer


def composer_names() -> list[str]:
    return sorted(_composers)


def composed_message(delivery: Delivery) -> EmailMessage:
    """Write a composed delivery's email now, with its composer."""
    name = str(delivery.payload.get(COMPOSER_KEY, "")) if isinstance(delivery.payload, dict) else ""
    composer = _composers.get(name)
    if composer is None:
        # A deployment whose code lacks the composer (an app removed, a half-rolled
        # upgrade): retried, and a dead letter staff see if it never comes back.
        raise TransportError(f"No composer named {name!r} is installed", permanent=False)
    return composer(delivery)


@dataclass(frozen=True)
class Composed:
    """One composed email to queue (see messages_enqueue)."""

    key: str
    recipient: str
    payload: Mapping[str, object] = field(default_factory=dict)
    language: str = ""


def _row(
    *,
    composer: str,
    message: Composed,
    campaign_id: int | None,
    case_id: int | None,
    now: datetime,
) -> Delivery:
    if not message.key or not message.recipient:
        raise ValueError("A composed email needs a key and a recipient")
    return Delivery(
        idempotency_key=message.key,
        kind=Delivery.Kind.MESSAGE,
        channel=Channel.EMAIL,
        campaign_id=campaign_id,
        case_id=case_id,
        recipient=message.recipient,
        payload={
            **dict(message.payload),
            COMPOSER_KEY: composer,
            LANGUAGE_KEY: message.language,
        },
        status=Delivery.Status.QUEUED,
        next_try_at=now,
    )


def message_enqueue(
    *,
    key: str,
    composer: str,
    recipient: str,
    payload: Mapping[str, object] | None = None,
    language: str = "",
    campaign_id: int | None = None,
    case_id: int | None = None,
) -> bool:
    """Queue one composed email, at most once per `key` (a repeat is a no-op).

    Call inside the transaction that decides to send it; returns whether a row was queued.
    `key` names the email for ever ("rsvp:12:reminder"), so a retried request, a re-run
    job or a worker killed mid-batch never sends it twice.
    """
    row = _row(
        composer=composer,
        message=Composed(key=key, recipient=recipient, payload=payload or {}, language=language),
        campaign_id=campaign_id,
        case_id=case_id,
        now=timezone.now(),
    )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def messages_enqueue(
    *,
    composer: str,
    messages: Iterable[Composed],
    campaign_id: int | None = None,
    case_id: int | None = None,
) -> int:
    """Queue many composed emails in one statement (a batch of an update to supporters);
    those whose key was queued before are skipped. Returns how many new rows were queued.

    The count is of the keys that were new before the insert, read in the same
    transaction: a concurrent batch with the same keys queues each email once either way.
    """
    now = timezone.now()
    by_key = {
        m.key: _row(composer=composer, message=m, campaign_id=campaign_id, case_id=case_id, now=now)
        for m in messages
    }
    rows = list(by_key.values())
    if not rows:
        return 0
    with transaction.atomic():
        keys = [row.idempotency_key for row in rows]
        known = set(
            Delivery.objects.filter(idempotency_key__in=keys).values_list(
                "idempotency_key", flat=True
            )
        )
        fresh = [row for row in rows if row.idempotency_key not in known]
        Delivery.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)
