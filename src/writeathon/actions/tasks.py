"""Background jobs for actions. Each takes ids, reloads what it needs and calls a service."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from writeathon.actions.models import Action
from writeathon.core.backoff import retry_delay
from writeathon.core.mail_failures import mail_failure
from writeathon.supporters.links import unsubscribe_headers, unsubscribe_url
from writeathon.supporters.services import confirmation_token_make

logger = logging.getLogger(__name__)

# A mail server that is away is tried again with growing pauses, for about a day.
CONFIRMATION_ATTEMPTS = 15
# What the task returns (kept as its result) when the mail server refused the email for
# good: writeathon.actions.selectors counts these for staff and operators.
CONFIRMATION_REFUSED = "refused"


@task()
def send_confirmation_email(*, action_id: int, base_url: str, attempt: int = 1) -> str | None:
    """Email the link that confirms a supporter's address and counts their action.

    When the mail server cannot be reached or answers 4xx (greylisting, a full mailbox) the
    task queues itself again for later; an address the server refuses with a 5xx is not
    tried again, and the task's result says it was refused.
    """
    action = (
        Action.objects.select_related("supporter", "case", "case__campaign")
        .filter(pk=action_id)
        .first()
    )
    if action is None or action.supporter is None:
        return None
    supporter = action.supporter
    address = supporter.email
    if not address:  # a supporter who only ever texted has nothing to confirm by email
        return None
    # Every action waiting for the address, this one or others taken since: the owner
    # sees them all, here and on the page the link opens.
    waiting = list(
        Action.objects.filter(supporter=supporter, status=Action.Status.PENDING)
        .select_related("case")
        .order_by("created_at", "pk")
    )
    if not waiting:  # confirmed (or declined) meanwhile: nothing to ask
        return None
    token = confirmation_token_make(supporter=supporter)
    link = base_url.rstrip("/") + reverse("actions:confirm", kwargs={"token": token})
    stop_link = unsubscribe_url(supporter=supporter, base_url=base_url)
    with translation.override(action.language or supporter.language):
        context = {
            "supporter": supporter,
            "action": action,
            "case": action.case,
            "waiting": waiting,
            "link": link,
            "unsubscribe_url": stop_link,
            "valid_days": max(1, settings.CONFIRMATION_MAX_AGE_SECONDS // 86400),
        }
        # One line whatever the template or case name holds: no header injection.
        subject = " ".join(render_to_string("emails/confirm_subject.txt", context).split())
        text = render_to_string("emails/confirm.txt", context)
        html = render_to_string("emails/confirm.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[address], headers=unsubscribe_headers(stop_link)
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        failure = mail_failure(exc)
        if failure.permanent:  # a 5xx: trying again changes nothing
            logger.warning(
                "Confirmation for action %s refused by the mail server: %s",
                action_id,
                failure.reason,
            )
            return CONFIRMATION_REFUSED
        # A passing failure (a server that is away, a greylisting 4xx): try again later.
        _retry_later(action_id=action_id, base_url=base_url, attempt=attempt, error=exc)
    return None


def _retry_later(*, action_id: int, base_url: str, attempt: int, error: Exception) -> None:
    """Queue the email again after a pause, or give up (raise) after the last attempt."""
    backend = send_confirmation_email.get_backend()
    if attempt >= CONFIRMATION_ATTEMPTS or not backend.supports_defer:
        raise error
    logger.warning(
        "Mail server unavailable for action %s (attempt %s); trying again later",
        action_id,
        attempt,
        exc_info=True,
    )
    send_confirmation_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
        action_id=action_id, base_url=base_url, attempt=attempt + 1
    )
