"""Background jobs for supporters. Each takes ids, reloads what it needs and sends."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from writeathon.supporters.links import (
    DATA_LINK_MAX_AGE_SECONDS,
    data_link_url,
    unsubscribe_headers,
    unsubscribe_url,
)
from writeathon.supporters.models import Supporter

logger = logging.getLogger(__name__)


@task()
def send_data_link_email(*, supporter_id: int, base_url: str, language: str) -> None:
    """Email a supporter the link to their data page.

    Not retried when the mail server is away: the person is on the page and can ask again
    in a few minutes, and an old request should not produce an email much later.
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
    except (smtplib.SMTPException, OSError):
        logger.warning("Data link for supporter %s not sent", supporter_id, exc_info=True)
