"""The emails of write-a-thons, written by the outbox worker when each one goes.

Each outbox row names one of these composers and the record (host, RSVP, message); the
composer reads it again now, signs any link now, and says NotNeeded when nothing is left to
say (the RSVP was cancelled, the event was cancelled, the address was erased).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from writeathon.delivery.channels.base import NotNeeded
from writeathon.delivery.composed import composer_register
from writeathon.delivery.models import Delivery
from writeathon.events.links import (
    SIGN_IN_MAX_AGE_SECONDS,
    host_sign_in_url,
    rsvp_cancel_url,
    rsvp_confirm_url,
)
from writeathon.events.models import Event, EventMessage, Host, Rsvp
from writeathon.events.selectors import event_when
from writeathon.events.services import (
    EVENT_CANCELLED_COMPOSER,
    HOST_MESSAGE_COMPOSER,
    REVIEW_COMPOSER,
    RSVP_CONFIRM_COMPOSER,
    RSVP_REMINDER_COMPOSER,
    SIGN_IN_COMPOSER,
)


def _language(delivery: Delivery, fallback: str) -> str:
    return str(delivery.payload.get("language") or fallback or settings.LANGUAGE_CODE)


def _base_url(delivery: Delivery) -> str:
    return str(delivery.payload.get("base_url") or settings.SITE_URL).rstrip("/")


def _email(
    delivery: Delivery, *, to: str, template: str, context: Mapping[str, object], language: str
) -> EmailMessage:
    with translation.override(language):
        # One line whatever a title holds: no header injection.
        subject = " ".join(
            render_to_string(f"emails/events/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"emails/events/{template}.txt", context)
    return EmailMessage(
        subject=subject, body=body, to=[to], headers={"Message-ID": delivery.message_id}
    )


def _payload_id(delivery: Delivery, key: str) -> int:
    value = delivery.payload.get(key)
    return value if isinstance(value, int) else 0


def sign_in_message(delivery: Delivery) -> EmailMessage:
    host = Host.objects.filter(pk=_payload_id(delivery, "host_id")).first()
    if host is None or host.email != delivery.recipient:
        raise NotNeeded("The host is gone or changed address")
    requested_at = parse_datetime(str(delivery.payload.get("requested_at", "")))
    if requested_at is None:
        raise NotNeeded("No request time")
    if requested_at + timedelta(seconds=SIGN_IN_MAX_AGE_SECONDS) <= timezone.now():
        raise NotNeeded("The link would have expired already")
    context = {
        "host": host,
        "link": host_sign_in_url(host=host, base_url=_base_url(delivery), made_at=requested_at),
        "valid_minutes": SIGN_IN_MAX_AGE_SECONDS // 60,
    }
    return _email(
        delivery,
        to=host.email,
        template="sign_in",
        context=context,
        language=_language(delivery, host.language),
    )


def _rsvp(delivery: Delivery) -> Rsvp:
    rsvp = (
        Rsvp.objects.select_related("event", "event__host")
        .filter(pk=_payload_id(delivery, "rsvp_id"))
        .first()
    )
    if rsvp is None or rsvp.email != delivery.recipient:
        raise NotNeeded("The RSVP is gone")
    return rsvp


def _event_context(event: Event, language: str, base_url: str) -> dict[str, object]:
    with translation.override(language):
        when = event_when(event)
    return {
        "event": event,
        "when": when,
        "event_url": base_url + reverse("events:detail", kwargs={"public_id": event.public_id}),
        "finder_url": base_url + reverse("events:finder"),
    }


def rsvp_confirmation_message(delivery: Delivery) -> EmailMessage:
    rsvp = _rsvp(delivery)
    if rsvp.status != Rsvp.Status.PENDING:
        raise NotNeeded("Confirmed or cancelled already")
    if rsvp.event.status != Event.Status.APPROVED or rsvp.event.ends_at <= timezone.now():
        raise NotNeeded("The event is no longer open")
    language = _language(delivery, rsvp.language)
    base_url = _base_url(delivery)
    context = {
        **_event_context(rsvp.event, language, base_url),
        "rsvp": rsvp,
        "link": rsvp_confirm_url(rsvp=rsvp, base_url=base_url),
        "cancel_link": rsvp_cancel_url(rsvp=rsvp, base_url=base_url),
    }
    return _email(
        delivery, to=rsvp.email, template="rsvp_confirm", context=context, language=language
    )


def rsvp_reminder_message(delivery: Delivery) -> EmailMessage:
    rsvp = _rsvp(delivery)
    event = rsvp.event
    if rsvp.status != Rsvp.Status.CONFIRMED:
        raise NotNeeded("Not coming")
    if event.status != Event.Status.APPROVED or event.starts_at <= timezone.now():
        raise NotNeeded("The event was cancelled or has begun")
    language = _language(delivery, rsvp.language)
    base_url = _base_url(delivery)
    context = {
        **_event_context(event, language, base_url),
        "rsvp": rsvp,
        "online_link": event.online_link if event.mode == Event.Mode.ONLINE else "",
        "cancel_link": rsvp_cancel_url(rsvp=rsvp, base_url=base_url),
    }
    return _email(
        delivery, to=rsvp.email, template="rsvp_reminder", context=context, language=language
    )


def review_message(delivery: Delivery) -> EmailMessage:
    host = Host.objects.filter(pk=_payload_id(delivery, "host_id")).first()
    if host is None or host.email != delivery.recipient:
        raise NotNeeded("The host is gone")
    event = Event.objects.filter(pk=_payload_id(delivery, "event_id"), host=host).first()
    language = _language(delivery, host.language)
    context = {
        "host": host,
        "event": event,
        "approved": bool(delivery.payload.get("approved")),
        "reason": str(delivery.payload.get("reason", "")),
        "events_url": _base_url(delivery) + reverse("events:host-home"),
    }
    return _email(delivery, to=host.email, template="review", context=context, language=language)


def host_message_message(delivery: Delivery) -> EmailMessage:
    rsvp = _rsvp(delivery)
    message = (
        EventMessage.objects.select_related("event", "event__host")
        .filter(pk=_payload_id(delivery, "message_id"), event_id=rsvp.event_id)
        .first()
    )
    if message is None or rsvp.status != Rsvp.Status.CONFIRMED:
        raise NotNeeded("The message or the place is gone")
    language = _language(delivery, rsvp.language)
    base_url = _base_url(delivery)
    context = {
        **_event_context(message.event, language, base_url),
        "message": message,
        "cancel_link": rsvp_cancel_url(rsvp=rsvp, base_url=base_url),
    }
    return _email(
        delivery, to=rsvp.email, template="host_message", context=context, language=language
    )


def event_cancelled_message(delivery: Delivery) -> EmailMessage:
    rsvp = _rsvp(delivery)
    if rsvp.status != Rsvp.Status.CONFIRMED or rsvp.event.status != Event.Status.CANCELLED:
        raise NotNeeded("Not coming, or the event is on after all")
    language = _language(delivery, rsvp.language)
    context = {**_event_context(rsvp.event, language, _base_url(delivery)), "rsvp": rsvp}
    return _email(
        delivery, to=rsvp.email, template="event_cancelled", context=context, language=language
    )


def composers_register() -> None:
    composer_register(SIGN_IN_COMPOSER, sign_in_message)
    composer_register(RSVP_CONFIRM_COMPOSER, rsvp_confirmation_message)
    composer_register(RSVP_REMINDER_COMPOSER, rsvp_reminder_message)
    composer_register(REVIEW_COMPOSER, review_message)
    composer_register(HOST_MESSAGE_COMPOSER, host_message_message)
    composer_register(EVENT_CANCELLED_COMPOSER, event_cancelled_message)
