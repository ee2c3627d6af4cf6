"""Emails that carry a personal link: the link that confirms a supporter's address (and
counts their actions) and the link to their data page.

Each is an outbox row like any other email, with its attempts, retries and dead letter,
but its row holds no text and no link: only what the worker needs to write the email when
it sends it (the supporter or action, the language, the site address, when it was asked
for). So no token that opens someone's data or counts their actions is ever stored, and
staff never see one.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from writeathon.actions.models import Action
from writeathon.core.vocabulary import Channel
from writeathon.delivery.channels.base import NotNeeded
from writeathon.delivery.models import Delivery
from writeathon.supporters.links import (
    DATA_LINK_MAX_AGE_SECONDS,
    data_link_url,
    own_page_url,
    unsubscribe_headers,
    unsubscribe_url,
)
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import confirmation_token_make

# A greylisting server (4xx at RCPT) lets a message through when it comes again a minute or
# two later: a few tries over about four minutes, no more. The person is on the page and
# can ask again; an old request should not produce an email much later.
DATA_LINK_ATTEMPTS = 4


def _personal_email_create(
    *,
    key: str,
    kind: Delivery.Kind,
    recipient: str,
    payload: dict[str, object],
    action: Action | None = None,
) -> bool:
    """Queue one personal-link email; false when a concurrent request queued it already.

    The idempotency key is `key` and the number of such emails queued before: two requests
    at once (a double click) count the same and make one row, each later request its own.
    """
    number = Delivery.objects.filter(idempotency_key__startswith=f"{key}:").count() + 1
    try:
        with transaction.atomic():
            Delivery.objects.create(
                idempotency_key=f"{key}:{number}",
                kind=kind,
                channel=Channel.EMAIL,
                campaign_id=action.campaign_id if action else None,
                case_id=action.case_id if action else None,
                action=action,
                recipient=recipient,
                payload=payload,
                status=Delivery.Status.QUEUED,
                next_try_at=timezone.now(),
            )
    except IntegrityError:
        return False
    return True


def confirmation_email_create(*, action: Action, base_url: str) -> bool:
    """Queue the email with the link that confirms `action`'s address (and every action
    waiting for it when it goes). Call inside the transaction that asks for it (how often
    is the caller's to limit); returns whether a row was queued."""
    supporter = action.supporter
    if supporter is None or not supporter.email:
        return False
    return _personal_email_create(
        key=f"confirmation:{supporter.pk}",
        kind=Delivery.Kind.CONFIRMATION,
        recipient=supporter.email,
        payload={"base_url": base_url, "language": action.language or supporter.language},
        action=action,
    )


def data_link_email_create(*, supporter: Supporter, base_url: str, language: str) -> bool:
    """Queue the email with the link to `supporter`'s data page, which expires
    DATA_LINK_MAX_AGE_SECONDS after now (when it was asked for), however late it goes.
    Returns whether a row was queued."""
    if not supporter.email:
        return False
    now = timezone.now()
    return _personal_email_create(
        key=f"data-link:{supporter.pk}",
        kind=Delivery.Kind.DATA_LINK,
        recipient=supporter.email,
        payload={
            "base_url": base_url,
            "language": language or supporter.language,
            "supporter_id": supporter.pk,
            "requested_at": now.isoformat(),
        },
    )


def personal_email_message(delivery: Delivery) -> EmailMessage:
    """Write the email of a personal-link delivery now, with a freshly signed link; raises
    NotNeeded when there is nothing left to send."""
    if delivery.kind == Delivery.Kind.CONFIRMATION:
        return _confirmation_message(delivery)
    return _data_link_message(delivery)


def _message(
    delivery: Delivery,
    *,
    to: str,
    template: str,
    context: dict[str, object],
    language: str,
    stop_link: str,
) -> EmailMessage:
    with translation.override(language):
        # One line whatever the template or case name holds: no header injection.
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Message-ID": delivery.message_id, **unsubscribe_headers(stop_link)},
    )
    message.attach_alternative(html, "text/html")
    return message


def _confirmation_message(delivery: Delivery) -> EmailMessage:
    action = (
        Action.objects.select_related("supporter", "case", "case__campaign")
        .filter(pk=delivery.action_id or 0)
        .first()
    )
    supporter = action.supporter if action is not None else None
    if action is None or supporter is None or not supporter.email:
        raise NotNeeded("Nobody is left to confirm")
    # Every action waiting for the address, this one or others taken since: the owner
    # sees them all, here and on the page the link opens.
    waiting = list(
        Action.objects.filter(supporter=supporter, status=Action.Status.PENDING)
        .select_related("case")
        .order_by("created_at", "pk")
    )
    if not waiting:
        raise NotNeeded("Every action was confirmed or declined before the email went")
    base_url = str(delivery.payload.get("base_url") or settings.SITE_URL)
    token = confirmation_token_make(supporter=supporter)
    stop_link = unsubscribe_url(supporter=supporter, base_url=base_url)
    context = {
        "supporter": supporter,
        "action": action,
        "case": action.case,
        "waiting": waiting,
        "link": base_url.rstrip("/") + reverse("actions:confirm", kwargs={"token": token}),
        "unsubscribe_url": stop_link,
        "own_page_url": own_page_url(supporter=supporter, base_url=base_url),
        "valid_days": max(1, settings.CONFIRMATION_MAX_AGE_SECONDS // 86400),
    }
    return _message(
        delivery,
        to=supporter.email,
        template="confirm",
        context=context,
        language=str(delivery.payload.get("language") or supporter.language),
        stop_link=stop_link,
    )


def _data_link_message(delivery: Delivery) -> EmailMessage:
    supporter = Supporter.objects.filter(
        pk=delivery.payload.get("supporter_id"), email__isnull=False, erased_at__isnull=True
    ).first()
    if supporter is None or not supporter.email:
        raise NotNeeded("The supporter is gone")
    requested_at = parse_datetime(str(delivery.payload.get("requested_at", "")))
    if requested_at is None:
        raise NotNeeded("No request time")
    if requested_at + timedelta(seconds=DATA_LINK_MAX_AGE_SECONDS) <= timezone.now():
        raise NotNeeded("The link would have expired already")
    base_url = str(delivery.payload.get("base_url") or settings.SITE_URL)
    stop_link = unsubscribe_url(supporter=supporter, base_url=base_url)
    context = {
        "link": data_link_url(supporter=supporter, base_url=base_url, made_at=requested_at),
        "unsubscribe_url": stop_link,
        "own_page_url": own_page_url(supporter=supporter, base_url=base_url),
        "valid_hours": DATA_LINK_MAX_AGE_SECONDS // 3600,
    }
    return _message(
        delivery,
        to=supporter.email,
        template="data_link",
        context=context,
        language=str(delivery.payload.get("language") or supporter.language),
        stop_link=stop_link,
    )


def attempts_allowed(delivery: Delivery) -> int:
    """How many tries a delivery gets before it is a dead letter."""
    if delivery.kind == Delivery.Kind.DATA_LINK:
        return DATA_LINK_ATTEMPTS
    return int(settings.DELIVERY_MAX_ATTEMPTS)
