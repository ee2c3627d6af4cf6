"""Events for partners' systems (webhooks), queued in the outbox like every message.

`partner_event_emit` is called in the transaction that made the event happen (an action
counted, a letter delivered or dead, an outcome posted, an event's report); it queues one
row per endpoint that asked for the event and may hear of the section, keyed by endpoint,
event and object, so the same event is never queued twice for an endpoint. The worker
signs and posts each (delivery/channels/webhook.py), with retries and dead letters.
Events carry no personal data: ids, cases, channels, countries, counts and times.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from writeathon.delivery.models import WEBHOOK_CHANNEL, Delivery
from writeathon.partners.selectors import webhook_subscribed_anywhere, webhook_subscribers


def partner_event_emit(
    *,
    event: str,
    object_key: str,
    data: Mapping[str, object],
    section_id: int | None,
    endpoint_id: int | None = None,
) -> int:
    """Queue `event` about `object_key` ("action:<uuid>") for each subscribed endpoint (or
    only `endpoint_id`'s, for a staff test); returns how many rows were queued."""
    if not webhook_subscribed_anywhere(event=event):
        return 0  # the common case, from the cache: no query on the hot path
    subscribers = webhook_subscribers(event=event, section_id=section_id)
    if endpoint_id is not None:
        subscribers = [s for s in subscribers if s.endpoint_id == endpoint_id]
    if not subscribers:
        return 0
    now = timezone.now()
    rows = [
        Delivery(
            idempotency_key=f"webhook:{s.endpoint_id}:{event}:{object_key}"[:200],
            kind=Delivery.Kind.WEBHOOK,
            channel=WEBHOOK_CHANNEL,
            recipient=s.url,
            payload={
                "endpoint_id": s.endpoint_id,
                "id": str(uuid.uuid4()),
                "type": event,
                "created": now.isoformat(),
                "data": dict(data),
            },
            status=Delivery.Status.QUEUED,
            next_try_at=now,
        )
        for s in subscribers
    ]
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


_ABOUT_ACTIONS = (Delivery.Kind.LETTER, Delivery.Kind.SOLIDARITY, Delivery.Kind.DIGEST)


def deliveries_outcome_emit(*, delivery_ids: list[int], event: str) -> int:
    """Tell partners that these letters or messages were delivered (or are dead): one
    event per letter of an action (a digest's letters each)."""
    if not webhook_subscribed_anywhere(event=event):
        return 0
    rows = (
        Delivery.objects.filter(pk__in=delivery_ids, action__isnull=False)
        .filter(kind__in=_ABOUT_ACTIONS)
        .values_list(
            "pk",
            "channel",
            "status",
            "action__public_id",
            "case__slug",
            "campaign__slug",
            "action__supporter__section_id",
            "delivered_at",
            "updated_at",
        )
    )
    queued = 0
    for pk, channel, status, action_id, case, campaign, section_id, delivered_at, at in rows:
        queued += partner_event_emit(
            event=event,
            object_key=f"delivery:{pk}",
            data={
                "delivery": pk,
                "action": str(action_id),
                "campaign": campaign,
                "case": case,
                "channel": channel,
                "status": status,
                "at": (delivered_at or at).isoformat(),
            },
            section_id=section_id,
        )
    return queued
