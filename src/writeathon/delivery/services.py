"""Writes for the outbox: creating deliveries, claiming them, recording what happened."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Case as CaseWhen
from django.db.models import F, PositiveIntegerField, Q, QuerySet, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from writeathon.actions.models import Action
from writeathon.campaigns.models import Case, SectionAddress, Target
from writeathon.core.backoff import retry_delay
from writeathon.core.phone import phone_parse
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.core.vocabulary import Channel
from writeathon.delivery.channels import Transport, TransportError, transport_channels
from writeathon.delivery.channels import transport_for as _transport_for
from writeathon.delivery.channels.base import NotNeeded
from writeathon.delivery.models import Delivery, DeliveryAttempt, DeliveryPace, PrintRun
from writeathon.delivery.partner_events import deliveries_outcome_emit
from writeathon.delivery.personal import attempts_allowed
from writeathon.delivery.selectors import RETRYABLE_STATUSES as _RETRYABLE
from writeathon.partners.models import WebhookEvent

logger = logging.getLogger(__name__)

# Stored in the admin's history as written: a record, read as it was when it was made.
MESSAGE_RETRIED = "Tried again by staff (was %s)."
MESSAGE_RUN_CREATED = "Print run created with %d items."
MESSAGE_RUN_POSTED = "Marked as posted."
MESSAGE_PASSED_ON = "Passed on after review."
MESSAGE_REJECTED = "Rejected after review."

# Channels whose letters go to the official named on the case.
_LETTER_CHANNELS = {Channel.EMAIL: "email", Channel.FAX: "fax", Channel.LETTER: "postal_address"}


def _letter_payload(
    action: Action, target: Target | None, postal_address: str | None = None
) -> dict[str, object]:
    supporter = action.supporter
    email = supporter.email if supporter is not None and supporter.email else ""
    return {
        "language": action.language,
        "subject": action.subject,
        "body": action.body,
        "signer_name": action.signer_name,
        "signer_country": str(action.country or ""),
        # Hidden: replies go to the campaign, and a copy to the writer travels unseen.
        "reply_to": parseaddr(settings.DELIVERY_FROM_EMAIL)[1] if action.hide_email else email,
        "copy_to": email if action.copy_to_supporter else "",
        "copy_unseen": action.hide_email,
        "case_name": action.case.name,
        "target_name": target.name if target else "",
        "target_title": target.title if target else "",
        "target_address": (
            postal_address if postal_address else (target.postal_address if target else "")
        ),
        "target_language": target.language if target else "",
    }


def deliveries_create_for_action(*, action_id: int, held: bool) -> int:
    """Put what a confirmed action must send into the outbox; returns how many rows are new.

    `held`: screening held the action's message (writeathon.moderation decides): its rows
    are created held, for a moderator to read first.

    Call in the transaction that confirms the action, so that a confirmed action always has
    its deliveries and an unconfirmed one never does. Safe to call again: the idempotency
    key makes a second call a no-op. A held action's letters wait for a moderator
    (deliveries_review).
    """
    action = (
        Action.objects.select_related("supporter", "case")
        .filter(pk=action_id, status=Action.Status.CONFIRMED)
        .first()
    )
    if action is None:
        return 0
    now = timezone.now()
    rows: list[Delivery] = []
    common = {
        "campaign_id": action.campaign_id,
        "case_id": action.case_id,
        "action_id": action.pk,
        "channel": action.channel,
    }
    address_field = _LETTER_CHANNELS.get(Channel(action.channel))
    if address_field is not None:
        # A section may know another address for an official (an embassy in its country):
        # its supporters' letters go there.
        section_id = action.supporter.section_id if action.supporter is not None else None
        own_addresses = (
            {
                a.target_id: a
                for a in SectionAddress.objects.filter(
                    section_id=section_id, target__case_id=action.case_id
                )
            }
            if section_id is not None
            else {}
        )
        for target in Target.objects.filter(case_id=action.case_id):
            own = own_addresses.get(target.pk)
            recipient = (
                str(getattr(own, address_field) if own else "").strip()
                or str(getattr(target, address_field)).strip()
            )
            if not recipient:
                continue
            if action.channel == Channel.FAX:
                # One form per line, so that pacing and the gateway agree on the number; a
                # number that cannot be read is kept as typed and fails with a clear reason.
                number = phone_parse(recipient, region=str(action.case.country or ""))
                recipient = number.e164 if number is not None else recipient
            digest = (
                action.channel == Channel.EMAIL and target.email_policy == Target.EmailPolicy.DIGEST
            )
            # Postal letters wait for staff to make a print run; digest letters for the day's
            # digest; the rest are due now.
            due = action.channel != Channel.LETTER and not digest
            rows.append(
                Delivery(
                    **common,
                    idempotency_key=f"action:{action.pk}:target:{target.pk}:{action.channel}",
                    kind=Delivery.Kind.LETTER,
                    target=target,
                    recipient=recipient,
                    payload=_letter_payload(
                        action, target, own.postal_address.strip() if own else None
                    ),
                    status=Delivery.Status.HELD if held else Delivery.Status.QUEUED,
                    awaits_digest=digest,
                    next_try_at=now if due and not held else None,
                )
            )
    elif action.channel == Channel.SOLIDARITY:
        # Nothing reaches the person at risk or their family before staff have read it,
        # unless the case lets messages that screening passed go straight to the card run.
        review = held or action.case.solidarity_needs_review
        rows.append(
            Delivery(
                **common,
                idempotency_key=f"action:{action.pk}:solidarity",
                kind=Delivery.Kind.SOLIDARITY,
                recipient=action.case.name,
                payload=_letter_payload(action, None),
                status=Delivery.Status.HELD if review else Delivery.Status.QUEUED,
            )
        )
    if not rows:
        return 0
    keys = [row.idempotency_key for row in rows]
    existing = set(
        Delivery.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
    )
    new = [row for row in rows if row.idempotency_key not in existing]
    Delivery.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- Claiming ----------------------------------------------------------------------------------


def _claimable(now: datetime, channels: Sequence[str]) -> QuerySet[Delivery]:
    # Queued or failed rows that are due, and rows whose worker died while sending them.
    return Delivery.objects.filter(
        Q(status__in=[Delivery.Status.QUEUED, Delivery.Status.FAILED], next_try_at__lte=now)
        | Q(status=Delivery.Status.SENDING, lease_until__lt=now),
        channel__in=channels,
        awaits_digest=False,
    )


PARKED_REASON = (
    "Taken {times} times by a worker that stopped before recording an outcome (a crash, "
    "a kill or a lost database connection while holding it); parked until staff try it "
    "again."
)


def _deliveries_park_abandoned(now: datetime, worker_id: str) -> None:
    """Park the rows whose workers kept stopping while they held them (a message that
    crashes its worker would otherwise be taken again for ever); each gets the reason."""
    limit = settings.DELIVERY_MAX_RECLAIMS
    abandoned = Delivery.objects.filter(
        status=Delivery.Status.SENDING, lease_until__lt=now, reclaims__gte=limit
    )
    if connection.vendor == "postgresql":
        abandoned = abandoned.select_for_update(skip_locked=True)
    for pk, attempts, reclaims in abandoned.values_list("pk", "attempts", "reclaims"):
        reason = PARKED_REASON.format(times=reclaims + 1)
        parked = Delivery.objects.filter(
            pk=pk, status=Delivery.Status.SENDING, lease_until__lt=now
        ).update(
            status=Delivery.Status.PARKED,
            lease_until=None,
            claimed_by="",
            next_try_at=None,
            last_error=reason,
        )
        if parked:
            DeliveryAttempt.objects.create(
                delivery_id=pk,
                number=attempts,
                worker=worker_id,
                started_at=now,
                outcome=DeliveryAttempt.Outcome.PARKED,
                error=reason,
            )
            logger.warning("Delivery %s parked for staff: %s", pk, reason)


def delivery_claim(
    *, worker_id: str, limit: int | None = None, channels: Sequence[str] | None = None
) -> list[int]:
    """Claim up to `limit` due deliveries for this worker; returns their ids, oldest first.

    On PostgreSQL the rows are picked with ``SELECT ... FOR UPDATE SKIP LOCKED``, so workers
    never wait for each other; elsewhere each row is taken with a conditional update that
    only one worker can win. A claim is a lease: if the worker dies, the rows become
    claimable again when it runs out. A claim is not a try: tries are counted when made.
    """
    now = timezone.now()
    limit = limit or settings.DELIVERY_BATCH_SIZE
    channels = list(channels) if channels is not None else transport_channels()
    lease = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    claim = {
        "status": Delivery.Status.SENDING,
        "lease_until": lease,
        "claimed_by": worker_id,
        # Taken again after its worker's lease ran out with nothing recorded: one reclaim.
        "reclaims": CaseWhen(
            When(status=Delivery.Status.SENDING, then=F("reclaims") + 1),
            default=F("reclaims"),
            output_field=PositiveIntegerField(),
        ),
    }
    with transaction.atomic():
        _deliveries_park_abandoned(now, worker_id)
        due = _claimable(now, channels).order_by("next_try_at", "pk")
        if connection.vendor == "postgresql":
            ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            Delivery.objects.filter(pk__in=ids).update(**claim)
            return ids
        claimed = []
        for pk in due.values_list("pk", flat=True)[:limit]:
            if _claimable(now, channels).filter(pk=pk).update(**claim):
                claimed.append(pk)
        return claimed


def _try_begin(delivery_id: int, worker_id: str) -> bool:
    """Extend this worker's claim just before sending and count the try; false when another
    worker took the row over."""
    lease = timezone.now() + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=Delivery.Status.SENDING, claimed_by=worker_id
        ).update(lease_until=lease, attempts=F("attempts") + 1)
    )


_T = TypeVar("_T")
# What a database that restarts or drops the connection raises.
_DATABASE_AWAY = (OperationalError, InterfaceError)


def _with_database_retry(write: Callable[[], _T]) -> _T:
    """Run `write` (one transaction), again after a short growing pause while the database
    is away, for up to DELIVERY_RECORD_RETRY_SECONDS; then let the error through."""
    deadline = time.monotonic() + settings.DELIVERY_RECORD_RETRY_SECONDS
    pause = 0.1
    while True:
        try:
            return write()
        except _DATABASE_AWAY:
            if connection.in_atomic_block or time.monotonic() + pause > deadline:
                raise
            logger.warning(
                "The database went away while recording a delivery; again in %.1f s",
                pause,
                exc_info=True,
            )
            connection.close()  # the next query opens a fresh connection
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


class DeliveryNotRecorded(Exception):
    """The channel took a message but the database would not take the result: the worker
    keeps this and records it with `delivery_record_sent` when the database is back."""

    def __init__(
        self, *, delivery_id: int, worker_id: str, started: datetime, provider_id: str
    ) -> None:
        super().__init__(f"Delivery {delivery_id} was sent but could not be recorded")
        self.delivery_id = delivery_id
        self.worker_id = worker_id
        self.started = started
        self.provider_id = provider_id


def _pace_acquire(transport: Transport, delivery: Delivery) -> datetime | None:
    """Take the destination's line for one call; returns when to come back if it is busy."""
    if transport.pace_seconds <= 0:
        return None
    now = timezone.now()
    # Until the call ends (or the lease runs out if the worker dies) nobody else calls.
    busy_until = now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    key = {"channel": delivery.channel, "recipient": delivery.recipient}
    if DeliveryPace.objects.filter(**key, next_allowed_at__lte=now).update(
        next_allowed_at=busy_until
    ):
        return None
    try:
        with transaction.atomic():
            DeliveryPace.objects.create(**key, next_allowed_at=busy_until)
        return None
    except IntegrityError:
        pace = DeliveryPace.objects.filter(**key).first()
        return pace.next_allowed_at if pace is not None else now


def _pace_release(transport: Transport, delivery: Delivery) -> None:
    if transport.pace_seconds > 0:
        DeliveryPace.objects.filter(channel=delivery.channel, recipient=delivery.recipient).update(
            next_allowed_at=timezone.now() + timedelta(seconds=transport.pace_seconds)
        )


@dataclass
class BatchResult:
    delivered: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    dead: list[int] = field(default_factory=list)
    postponed: list[int] = field(default_factory=list)
    # Given back untried because the worker was told to stop.
    released: list[int] = field(default_factory=list)


def delivery_send_claimed(
    *,
    worker_id: str,
    delivery_ids: Iterable[int],
    transports: dict[str, Transport] | None = None,
    stopping: threading.Event | None = None,
) -> BatchResult:
    """Send the deliveries this worker claimed, one by one, recording each result at once.

    Each result is committed right after the channel accepts the message, so a worker that
    dies mid-batch leaves at most the message in flight to be sent again (with the same
    Message-ID or idempotency key, so the receiver can recognise it). Once `stopping` is
    set, the message in hand is finished and the rest is given back at once, due now, for
    another worker: a batch against a slow server can take longer than a stop may.
    """
    result = BatchResult()
    opened: dict[str, Transport] = {}
    given = transports or {}
    ids = list(delivery_ids)
    try:
        for index, delivery_id in enumerate(ids):
            if stopping is not None and stopping.is_set():
                rest = ids[index:]
                _claims_give_back(rest, worker_id, timezone.now())
                result.released.extend(rest)
                break
            delivery = Delivery.objects.filter(pk=delivery_id).first()
            if delivery is None or not _try_begin(delivery_id, worker_id):
                continue  # gone, or another worker took over after our lease ran out
            delivery.attempts += 1
            started = timezone.now()
            transport = opened.get(delivery.channel)
            try:
                if transport is None:
                    transport = given.get(delivery.channel) or _transport_for(delivery.channel)
                    transport.open()
                    opened[delivery.channel] = transport
                come_back_at = _pace_acquire(transport, delivery)
                if come_back_at is not None:
                    _postpone(delivery, worker_id, come_back_at)
                    result.postponed.append(delivery_id)
                    continue
                try:
                    provider_id = transport.send(delivery)
                finally:
                    _pace_release(transport, delivery)
            except NotNeeded as exc:
                _with_database_retry(partial(_record_not_needed, delivery, worker_id, str(exc)))
                continue
            except TransportError as exc:
                outcome = _with_database_retry(
                    partial(
                        _record_failure,
                        delivery,
                        worker_id,
                        started,
                        str(exc),
                        permanent=exc.permanent,
                    )
                )
                if outcome is not None:  # None: another worker has the row now
                    (result.dead if outcome == Delivery.Status.DEAD else result.failed).append(
                        delivery_id
                    )
                if delivery.channel in opened and not exc.permanent:
                    # The connection may be broken: open a fresh one for the next row.
                    opened.pop(delivery.channel).close()
                continue
            except Exception as exc:  # an unexpected failure is retried, never lost
                logger.exception("Delivery %s failed unexpectedly", delivery_id)
                error = f"{type(exc).__name__}: {exc}"
                outcome = _with_database_retry(
                    partial(_record_failure, delivery, worker_id, started, error, permanent=False)
                )
                if outcome is not None:  # None: another worker has the row now
                    (result.dead if outcome == Delivery.Status.DEAD else result.failed).append(
                        delivery_id
                    )
                if delivery.channel in opened:
                    opened.pop(delivery.channel).close()
                continue
            try:
                recorded = _with_database_retry(
                    partial(_record_success, delivery, worker_id, started, provider_id)
                )
            except _DATABASE_AWAY as exc:
                raise DeliveryNotRecorded(
                    delivery_id=delivery_id,
                    worker_id=worker_id,
                    started=started,
                    provider_id=provider_id,
                ) from exc
            if recorded:  # else another worker has the row now
                result.delivered.append(delivery_id)
    finally:
        for transport in opened.values():
            transport.close()
    return result


def _postpone(delivery: Delivery, worker_id: str, when: datetime) -> None:
    """Give back a claim without counting an attempt (the line was busy): the try counted
    when it began is taken back."""
    _claims_give_back([delivery.pk], worker_id, when, began=True)


def _claims_give_back(
    delivery_ids: Sequence[int], worker_id: str, when: datetime, *, began: bool = False
) -> None:
    """Undo this worker's claim on rows it did not send: due at `when`, no attempt counted.

    Tries are counted when they begin (`_try_begin`), so only a row whose try had begun
    (`began`) has one to take back; rows of a batch never reached have none.
    """
    Delivery.objects.filter(
        pk__in=list(delivery_ids), status=Delivery.Status.SENDING, claimed_by=worker_id
    ).update(
        status=Delivery.Status.QUEUED,
        next_try_at=when,
        lease_until=None,
        claimed_by="",
        attempts=F("attempts") - 1 if began else F("attempts"),
        reclaims=0,
    )


def delivery_record_sent(
    *, delivery_id: int, worker_id: str, started: datetime, provider_id: str
) -> None:
    """Record a message the channel took while the database was away (see
    `DeliveryNotRecorded`). Nothing happens if another worker has taken the row since."""
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is not None:
        _record_success(delivery, worker_id, started, provider_id)


def deliveries_release(*, worker_id: str) -> int:
    """Give back, due at once, every row this worker still holds: after a batch was cut
    short (the database went away), so that none waits for its lease to run out. A
    release is neither a try nor a reclaim. Returns how many rows went back."""
    with transaction.atomic():
        return Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_by=worker_id).update(
            status=Delivery.Status.QUEUED,
            next_try_at=timezone.now(),
            lease_until=None,
            claimed_by="",
        )


@transaction.atomic
def _record_success(
    delivery: Delivery, worker_id: str, started: datetime, provider_id: str
) -> bool:
    """Record a sent message; false when the claim ran out and another worker has the row,
    whose own result then stands."""
    now = timezone.now()
    updated = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claimed_by=worker_id
    ).update(
        status=Delivery.Status.DELIVERED,
        delivered_at=now,
        provider_id=provider_id[:200],
        lease_until=None,
        last_error="",
        reclaims=0,
    )
    if not updated:
        logger.warning("Delivery %s was sent after its claim ran out", delivery.pk)
        return False
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        worker=worker_id,
        started_at=started,
        outcome=DeliveryAttempt.Outcome.DELIVERED,
    )
    parts = list(delivery.parts.values_list("pk", flat=True))
    if parts:
        Delivery.objects.filter(pk__in=parts).update(
            status=Delivery.Status.DELIVERED, delivered_at=now, last_error=""
        )
    _notices_create(delivery_ids=[delivery.pk, *parts])
    deliveries_outcome_emit(
        delivery_ids=[delivery.pk, *parts], event=WebhookEvent.DELIVERY_DELIVERED
    )
    return True


@transaction.atomic
def _record_failure(
    delivery: Delivery, worker_id: str, started: datetime, error: str, *, permanent: bool
) -> str | None:
    """Record a failed try; None when the claim ran out and another worker has the row,
    whose own result then stands: no try, error or dead digest letter from this one."""
    attempts = Delivery.objects.values_list("attempts", flat=True).get(pk=delivery.pk)
    dead = permanent or attempts >= attempts_allowed(delivery)
    status = Delivery.Status.DEAD if dead else Delivery.Status.FAILED
    next_try = None if dead else timezone.now() + retry_delay(attempts)
    updated = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claimed_by=worker_id
    ).update(
        status=status,
        next_try_at=next_try,
        lease_until=None,
        last_error=error[:2000],
        reclaims=0,
    )
    if not updated:
        logger.warning("Delivery %s failed after its claim ran out: %s", delivery.pk, error)
        return None
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=attempts,
        worker=worker_id,
        started_at=started,
        outcome=DeliveryAttempt.Outcome.DEAD if dead else DeliveryAttempt.Outcome.FAILED,
        error=error[:2000],
    )
    if dead:
        Delivery.objects.filter(bundle=delivery).update(
            status=Delivery.Status.DEAD, last_error=error[:2000]
        )
        logger.warning("Delivery %s is dead: %s", delivery.pk, error)
        dead_parts = list(Delivery.objects.filter(bundle=delivery).values_list("pk", flat=True))
        deliveries_outcome_emit(
            delivery_ids=[delivery.pk, *dead_parts], event=WebhookEvent.DELIVERY_DEAD
        )
    return status


@transaction.atomic
def _record_not_needed(delivery: Delivery, worker_id: str, why: str) -> None:
    """Call off a delivery with nothing left to send (no try is counted), unless another
    worker has the row now."""
    Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claimed_by=worker_id
    ).update(
        status=Delivery.Status.CANCELLED,
        cancel_reason=Delivery.CancelReason.NOT_NEEDED,
        attempts=F("attempts") - 1,
        next_try_at=None,
        lease_until=None,
        last_error="",
        reclaims=0,
    )
    logger.info("Delivery %s was not needed any more: %s", delivery.pk, why)


def deliveries_retry(*, delivery_ids: Iterable[int], user_id: int) -> list[int]:
    """Staff: try dead, failed or parked deliveries again now, with a fresh count of
    attempts and reclaims. Returns the ids sent on their way; each is logged in the admin's
    history with who tried it again and what it was. The rows are locked first, so that
    only what this call changed is logged when two people act on the same rows at once."""
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=list(delivery_ids), status__in=_RETRYABLE, bundle__isnull=True)
            .order_by("pk")
            .values_list("pk", "status")
        )
        ids = [pk for pk, _status in rows]
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.QUEUED,
            attempts=0,
            reclaims=0,
            next_try_at=timezone.now(),
            claimed_by="",
        )
        # A digest that failed took its letters with it: they wait for it again.
        Delivery.objects.filter(bundle_id__in=ids).update(status=Delivery.Status.BUNDLED)
        for was in sorted({status for _pk, status in rows}):
            LogEntry.objects.log_actions(
                user_id,
                Delivery.objects.filter(pk__in=[pk for pk, status in rows if status == was]),
                CHANGE,
                MESSAGE_RETRIED % was,
            )
        return ids


# --- Notices to supporters ---------------------------------------------------------------------


def _notices_create(*, delivery_ids: Sequence[int]) -> None:
    """Tell each supporter, once, when every letter of their action has been delivered."""
    actions = (
        Action.objects.filter(
            deliveries__pk__in=delivery_ids,
            deliveries__kind__in=[Delivery.Kind.LETTER, Delivery.Kind.SOLIDARITY],
            supporter__email__isnull=False,
            # "Stop all email" (writeathon.usecases.privacy): no notice after it.
            supporter__email_stopped_at__isnull=True,
        )
        .select_related("supporter", "case")
        .distinct()
    )
    for action in actions:
        open_deliveries = action.deliveries.filter(
            kind__in=[Delivery.Kind.LETTER, Delivery.Kind.SOLIDARITY]
        ).exclude(
            status__in=[
                Delivery.Status.DELIVERED,
                Delivery.Status.REJECTED,
                Delivery.Status.CANCELLED,
            ]
        )
        if open_deliveries.exists():
            continue
        delivered = action.deliveries.filter(status=Delivery.Status.DELIVERED)
        if not delivered.exists():
            continue
        supporter = action.supporter
        if supporter is None or not supporter.email:
            continue
        with translation.override(action.language or supporter.language):
            context = {
                "action": action,
                "case": action.case,
                "deliveries": list(delivered.select_related("target")),
                "thanks_url": (
                    settings.SITE_URL
                    + reverse("actions:thanks", kwargs={"public_id": action.public_id})
                    if settings.SITE_URL
                    else ""
                ),
            }
            subject = " ".join(render_to_string("emails/delivered_subject.txt", context).split())
            text = render_to_string("emails/delivered.txt", context)
        try:
            with transaction.atomic():
                Delivery.objects.create(
                    idempotency_key=f"notice:delivered:{action.pk}",
                    kind=Delivery.Kind.NOTICE,
                    channel=Channel.EMAIL,
                    campaign_id=action.campaign_id,
                    case_id=action.case_id,
                    action=action,
                    recipient=supporter.email,
                    payload={"subject": subject, "text": text, "language": action.language},
                    status=Delivery.Status.QUEUED,
                    next_try_at=timezone.now(),
                )
        except IntegrityError:
            pass  # already told


# --- Daily digests ----------------------------------------------------------------------------


def digests_compose(*, now: datetime | None = None) -> int:
    """Bundle each digest official's waiting letters into one email a day; returns how many.

    Runs from the periodic loop; the digest's idempotency key (official and day) makes a
    second run on the same day, on any worker, a no-op.
    """
    now = now or timezone.now()
    today_at = now.replace(hour=settings.DELIVERY_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if now < today_at:
        return 0
    day = today_at.date().isoformat()
    target_ids = (
        Delivery.objects.filter(
            awaits_digest=True, status=Delivery.Status.QUEUED, created_at__lt=today_at
        )
        .values_list("target_id", flat=True)
        .distinct()
    )
    composed = 0
    for target_id in list(target_ids):
        if target_id is not None and _digest_compose_one(target_id, day, today_at):
            composed += 1
    return composed


@transaction.atomic
def _digest_compose_one(target_id: int, day: str, cutoff: datetime) -> bool:
    target = Target.objects.select_related("case", "case__campaign").get(pk=target_id)
    key = f"digest:target:{target_id}:{day}"
    if Delivery.objects.filter(idempotency_key=key).exists():
        return False
    parts = Delivery.objects.select_for_update().filter(
        target_id=target_id,
        awaits_digest=True,
        status=Delivery.Status.QUEUED,
        created_at__lt=cutoff,
    )
    part_ids = list(parts.values_list("pk", flat=True))
    if not part_ids:
        return False
    language = target.language if target.language in dict(settings.LANGUAGES) else "en"
    with translation.override(language):
        context = {"target": target, "case": target.case, "count": len(part_ids), "day": day}
        subject = " ".join(render_to_string("emails/digest_subject.txt", context).split())
        text = render_to_string("emails/digest.txt", context)
    digest = Delivery.objects.create(
        idempotency_key=key,
        kind=Delivery.Kind.DIGEST,
        channel=Channel.EMAIL,
        campaign_id=target.case.campaign_id,
        case_id=target.case_id,
        target=target,
        recipient=target.email,
        payload={"subject": subject, "text": text, "language": language, "day": day},
        status=Delivery.Status.QUEUED,
        next_try_at=timezone.now(),
    )
    Delivery.objects.filter(pk__in=part_ids).update(
        status=Delivery.Status.BUNDLED, bundle=digest, awaits_digest=False
    )
    return True


# --- Held messages (a moderator decides) -----------------------------------------------


def deliveries_review(
    *, delivery_ids: Iterable[int], approve: bool, user_id: int
) -> dict[int, int | None]:
    """A moderator's decision on held letters and messages of solidarity: release them, or
    reject them. Returns the deliveries decided by this call, each with its action's id
    (the others were not held, or someone decided them first).

    Released, an email or fax letter is due at once; a postal letter waits for a print run,
    a digest letter for the day's digest, a message of solidarity for the next card run.
    Each decision is logged in the delivery's history with who took it. The rows are locked
    first, so that two moderators deciding the same message at once decide it once.
    (writeathon.usecases.moderation records the decision on moderation's side too.)
    """
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update()
            .filter(
                pk__in=list(delivery_ids),
                kind__in=[Delivery.Kind.LETTER, Delivery.Kind.SOLIDARITY],
                status=Delivery.Status.HELD,
            )
            .order_by("pk")
            .values_list("pk", "action_id")
        )
        decided: dict[int, int | None] = dict(rows)
        if not decided:
            return {}
        ids = list(decided)
        now = timezone.now()
        reviewed = {"reviewed_at": now, "reviewed_by_id": user_id}
        these = Delivery.objects.filter(pk__in=ids)
        if approve:
            due = Q(kind=Delivery.Kind.LETTER, awaits_digest=False) & ~Q(channel=Channel.LETTER)
            these.filter(due).update(status=Delivery.Status.QUEUED, next_try_at=now, **reviewed)
            these.exclude(due).update(status=Delivery.Status.QUEUED, next_try_at=None, **reviewed)
        else:
            these.update(status=Delivery.Status.REJECTED, **reviewed)
            _notices_create(delivery_ids=ids)
        LogEntry.objects.log_actions(
            user_id,
            Delivery.objects.filter(pk__in=ids),
            CHANGE,
            MESSAGE_PASSED_ON if approve else MESSAGE_REJECTED,
        )
        return decided


# --- Print runs --------------------------------------------------------------------------------


def print_run_create(
    *, case: Case, kind: str, target: Target | None, user_id: int
) -> PrintRun | None:
    """Bundle every waiting letter to `target` (or every approved solidarity message for the
    case) into a print run, and queue its PDF. None when nothing is waiting. The run is
    logged in the admin's history as made by `user_id`."""
    from writeathon.delivery.tasks import print_run_render

    with transaction.atomic():
        if kind == PrintRun.Kind.LETTERS:
            if target is None:
                raise ValueError("letters need a target")
            waiting = Delivery.objects.filter(
                target=target, channel=Channel.LETTER, status=Delivery.Status.QUEUED
            )
        else:
            waiting = Delivery.objects.filter(
                case=case, kind=Delivery.Kind.SOLIDARITY, status=Delivery.Status.QUEUED
            )
        ids = list(waiting.select_for_update().values_list("pk", flat=True))
        if not ids:
            return None
        run = PrintRun.objects.create(
            kind=kind,
            campaign_id=case.campaign_id,
            case=case,
            target=target,
            item_count=len(ids),
            created_by_id=user_id,
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.BUNDLED, print_run=run, next_try_at=None
        )
        enqueue_with_transaction(print_run_render, print_run_id=run.pk)
        LogEntry.objects.log_actions(
            user_id,
            PrintRun.objects.filter(pk=run.pk),
            ADDITION,
            MESSAGE_RUN_CREATED % run.item_count,
            single_object=True,
        )
        return run


@transaction.atomic
def print_run_mark_posted(*, print_run_id: int, user_id: int) -> bool:
    """Staff posted the printed run: its letters are delivered, and the admin's history
    says who posted it. False if it was not ready."""
    now = timezone.now()
    updated = PrintRun.objects.filter(pk=print_run_id, status=PrintRun.Status.READY).update(
        status=PrintRun.Status.POSTED, posted_at=now, posted_by_id=user_id
    )
    if not updated:
        return False
    ids = list(
        Delivery.objects.filter(
            print_run_id=print_run_id, status=Delivery.Status.BUNDLED
        ).values_list("pk", flat=True)
    )
    Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.DELIVERED, delivered_at=now)
    _notices_create(delivery_ids=ids)
    LogEntry.objects.log_actions(
        user_id,
        PrintRun.objects.filter(pk=print_run_id),
        CHANGE,
        MESSAGE_RUN_POSTED,
        single_object=True,
    )
    return True


# --- Housekeeping -------------------------------------------------------------------------------


def outbox_purge(*, now: datetime | None = None) -> int:
    """Forget what the outbox no longer needs: the attempt log of long-delivered messages
    and the pace of lines not called for a day. Returns how many rows went."""
    now = now or timezone.now()
    keep = timedelta(days=settings.DELIVERY_ATTEMPTS_KEEP_DAYS)
    attempts, _ = DeliveryAttempt.objects.filter(
        delivery__status=Delivery.Status.DELIVERED, delivery__delivered_at__lt=now - keep
    ).delete()
    paces, _ = DeliveryPace.objects.filter(next_allowed_at__lt=now - timedelta(days=1)).delete()
    return attempts + paces
