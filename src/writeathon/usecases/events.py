"""Write-a-thons across apps: what a host writes is screened (writeathon.moderation) before
the event or message is stored (writeathon.events), like a letter.

A title or description that screening would reject (a threat) is refused with the reasons
and nothing is stored; one it would hold (an insult, shouting, a flood of the same text)
puts the event in review, with the reasons for staff to read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from writeathon.campaigns.models import Campaign
from writeathon.events.models import Event, EventMessage, Host
from writeathon.events.services import (
    EventDetails,
    event_create,
    event_update,
    host_message_send,
)
from writeathon.moderation.screening import Screening, Verdict, screen_message

# Screening's channel for what hosts write: no length bounds of a letter, no link check
# (an event may point to a school's page), every word list and the flood check apply.
SCREENING_CHANNEL = "event"


class TextRefused(ValueError):
    """What a host wrote cannot be published; `reasons` say why, in the host's language."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class EventSubmitted:
    event: Event
    held: bool


def host_text_screen(*, host: Host, subject: str, text: str, language: str) -> Screening:
    """Screen a host's title and description (or a message's subject and text); raises
    TextRefused for what would be rejected."""
    screening = screen_message(
        text=text,
        subject=subject,
        channel=SCREENING_CHANNEL,
        language=language,
        case=None,
        source=f"event-host:{host.pk}",
    )
    if screening.verdict == Verdict.REJECT:
        raise TextRefused([reason.message for reason in screening.reasons if reason.rejects])
    return screening


def _held_reason(screening: Screening) -> str:
    if screening.verdict != Verdict.HOLD:
        return ""
    return "; ".join(dict.fromkeys(reason.message for reason in screening.reasons))


@transaction.atomic
def event_submit(
    *,
    host: Host,
    campaign: Campaign,
    details: EventDetails,
    language: str,
    event: Event | None = None,
) -> EventSubmitted:
    """Create (or, with `event`, change) an event after screening its title and
    description. Raises TextRefused (nothing stored) or events.services.EventClosed."""
    screening = host_text_screen(
        host=host, subject=details.title, text=details.description, language=language
    )
    held = _held_reason(screening)
    if event is None:
        stored = event_create(host=host, campaign=campaign, details=details, held_reason=held)
    else:
        stored = event_update(event=event, details=details, held_reason=held)
    return EventSubmitted(event=stored, held=bool(held))


@transaction.atomic
def event_message_submit(
    *, event: Event, subject: str, body: str, language: str, base_url: str
) -> EventMessage:
    """A host's message to the people coming, screened first: what screening would hold or
    reject is refused (nobody reads it before it goes to everyone's mailbox). Raises
    TextRefused or events.services.HostMessagesExhausted."""
    screening = host_text_screen(host=event.host, subject=subject, text=body, language=language)
    if screening.verdict != Verdict.PASS:
        raise TextRefused([reason.message for reason in screening.reasons])
    return host_message_send(event=event, subject=subject, body=body, base_url=base_url)
