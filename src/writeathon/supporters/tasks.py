"""Background jobs for supporters. Each takes ids, reloads what it needs and sends."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from writeathon.core.backoff import retry_delay
from writeathon.core.mail_failures import mail_failure
from writeathon.supporters.links import (
    DATA_LINK_MAX_AGE_SECONDS,
    data_link_url,
    unsubscribe_headers,
    unsubscribe_url,
)
from writeathon.supporters.models import Supporter

logger = logging.getLogger(__name__)

# A greylisting server (4xx at RCPT) lets a message through when it comes again a minute or
# two later: a few tries over about four minutes, no more.
DATA_LINK_ATTEMPTS = 4


@task()
def send_data_link_email(
    *, supporter_id: int, base_url: str, language: str, attempt: int = 1
) -> None:
    """Email a supporter the link to their data page.

    A passing failure (a server that is away, a greylisting 4xx) is tried again for a few
    minutes only: the person is on the page and can ask again, and an old request should
    not produce an email much later. A 5xx is not tried again.
    """
    supporter = Supporter.objects.filter(
        pk=supporter_id, email__isnull=False, erased_at__isnull=True
    ).first()
    if supporter is None or not supporter.email:
        return
    link = data_link_url(supporter=supporter, base_url=base_url)
    stop_link = unsubscribe_url(supporter=supporter, base_url=base_url)
    with translation.override(language or supporter.language):
        context = {
            "link": link,
            "unsubscribe_url": stop_link,
            "valid_hours": DATA_LINK_MAX_AGE_SECONDS // 3600,
        }
        subject = " ".join(render_to_string("emails/data_link_subject.txt", context).split())
        text = render_to_string("emails/data_link.txt", context)
        html = render_to_string("emails/data_link.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[supporter.email], headers=unsubscribe_headers(stop_link)
    )
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        failure = mail_failure(exc)
        if failure.permanent or attempt >= DATA_LINK_ATTEMPTS:
            logger.warning("Data link for supporter %s not sent: %s", supporter_id, failure.reason)
            return
        logger.warning(
            "Data link for supporter %s not sent (try %s): %s; trying again shortly",
            supporter_id,
            attempt,
            failure.reason,
        )
        backend = send_data_link_email.get_backend()
        if backend.supports_defer:
            send_data_link_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                supporter_id=supporter_id, base_url=base_url, language=language, attempt=attempt + 1
            )
