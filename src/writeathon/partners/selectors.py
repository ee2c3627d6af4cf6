"""Reads for partners: which endpoints want an event (cached: asked once per counted
action)."""

from __future__ import annotations

from dataclasses import dataclass

from writeathon.core.cache import cache_get, cache_set
from writeathon.partners.models import WebhookEndpoint, WebhookEvent
from writeathon.partners.services import ENDPOINTS_CACHE_KEY

# An endpoint made or changed shows within this time on every process (and at once on the
# one that changed it, whose cache entry is dropped).
ENDPOINTS_CACHE_SECONDS = 10


@dataclass(frozen=True)
class Subscriber:
    endpoint_id: int
    url: str
    events: tuple[str, ...]
    # None: an international partner, who hears of every section's events.
    section_id: int | None


def _subscribers() -> list[Subscriber]:
    cached = cache_get(ENDPOINTS_CACHE_KEY)
    if isinstance(cached, list):
        return cached
    subscribers = [
        Subscriber(
            endpoint_id=pk,
            url=url,
            events=tuple(events or ()),
            section_id=section_id,
        )
        for pk, url, events, section_id in WebhookEndpoint.objects.filter(
            is_active=True, partner__is_active=True
        ).values_list("pk", "url", "events", "partner__section_id")
    ]
    cache_set(ENDPOINTS_CACHE_KEY, subscribers, ENDPOINTS_CACHE_SECONDS)
    return subscribers


def webhook_subscribers(*, event: str, section_id: int | None) -> list[Subscriber]:
    """The active endpoints that asked for `event` and may hear of this section's."""
    return [
        s
        for s in _subscribers()
        # Every endpoint takes a test event (ping) that staff send it.
        if (event in s.events or event == WebhookEvent.PING)
        and (s.section_id is None or s.section_id == section_id)
    ]


def webhook_secret(*, endpoint_id: int) -> str | None:
    """The signing secret of an active endpoint, read when an event is sent."""
    return (
        WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True)
        .values_list("secret", flat=True)
        .first()
    )


def webhook_subscribed_anywhere(*, event: str) -> bool:
    """Whether any active endpoint, of any section, asked for `event` (a cheap test before
    the work of building events nobody wants)."""
    return any(event in s.events or event == WebhookEvent.PING for s in _subscribers())
