"""Email through the configured mail backend (SMTP with EMAIL_URL)."""

from __future__ import annotations

import contextlib
import copy
import logging
import smtplib
from email.utils import formataddr, formatdate, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import BadHeaderError

from writeathon.core.mail_failures import mail_failure
from writeathon.delivery.channels.base import Transport, TransportError
from writeathon.delivery.composed import composed_message
from writeathon.delivery.models import Delivery
from writeathon.delivery.personal import personal_email_message
from writeathon.supporters.links import unsubscribe_footer

logger = logging.getLogger(__name__)


class EnvelopeEmail(EmailMessage):
    """An email whose SMTP envelope can name fewer recipients than its headers.

    A letter with a copy to its writer carries both in To and Cc, but goes to the official
    alone first: in one envelope, smtplib would report a refused official as a success as
    soon as the writer's address was accepted.
    """

    envelope: list[str] | None = None

    def recipients(self) -> list[str]:
        if self.envelope is not None:
            return [address for address in self.envelope if address]
        return super().recipients()


def _from_address(display_name: str) -> str:
    """The campaign's own address, under the writer's name: mail sent in a supporter's name
    from their own address would fail the receiving server's sender checks."""
    _name, address = parseaddr(settings.DELIVERY_FROM_EMAIL)
    return formataddr((display_name, address)) if display_name else settings.DELIVERY_FROM_EMAIL


def delivery_email_message(delivery: Delivery) -> EmailMessage:
    """The email for a delivery, the same on every attempt (same Message-ID)."""
    payload: dict[str, Any] = delivery.payload
    headers = {"Message-ID": delivery.message_id}
    if delivery.kind == Delivery.Kind.DIGEST:
        message = EmailMessage(
            subject=str(payload["subject"]),
            body=str(payload["text"]),
            from_email=settings.DELIVERY_FROM_EMAIL,
            to=[delivery.recipient],
            headers=headers,
        )
        message.attach(
            f"letters-{payload.get('day', '')}.pdf", digest_pdf(delivery), "application/pdf"
        )
        return message
    if delivery.kind == Delivery.Kind.MESSAGE:
        # Written now by the app that queued it (delivery/composed.py).
        return composed_message(delivery)
    if delivery.holds_personal_link:
        # Written now, with a link signed now: the row holds neither.
        return personal_email_message(delivery)
    if delivery.kind == Delivery.Kind.LETTER:
        signer = str(payload.get("signer_name", ""))
        body = str(payload.get("body", "")).rstrip() + "\n\n" + signer + "\n"
        reply_to = [str(payload["reply_to"])] if payload.get("reply_to") else []
        cc = [str(payload["copy_to"])] if payload.get("copy_to") else []
        unseen = bool(payload.get("copy_unseen"))  # the writer hid their address
        return EnvelopeEmail(
            subject=" ".join(str(payload.get("subject", "")).split()),
            body=body,
            from_email=_from_address(signer),
            to=[delivery.recipient],
            cc=[] if unseen else cc,
            bcc=cc if unseen else [],
            reply_to=reply_to,
            headers=headers,
        )
    body = str(payload.get("text", ""))
    if delivery.kind == Delivery.Kind.NOTICE:
        # Every email to a supporter can stop all email: a link in the text and the
        # List-Unsubscribe headers. Links need WRITEATHON_SITE_URL (the worker has no request).
        footer, unsubscribe = unsubscribe_footer(
            supporter=delivery.action.supporter if delivery.action else None,
            base_url=settings.SITE_URL,
            language=str(payload.get("language", "")),
        )
        body += footer
        headers |= unsubscribe
    return EmailMessage(
        subject=" ".join(str(payload.get("subject", "")).split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient],
        headers=headers,
    )


def digest_pdf(delivery: Delivery) -> bytes:
    """Every letter of a digest in one PDF, a cover sheet first."""
    from writeathon.delivery.documents import digest_received_note, print_letters_pdf

    parts = list(delivery.parts.order_by("created_at", "pk"))
    return print_letters_pdf(parts, target=delivery.target, note=digest_received_note(delivery))


class EmailTransport(Transport):
    channel = "email"

    def __init__(self) -> None:
        self.connection: Any = None

    def open(self) -> None:
        self.connection = get_connection(fail_silently=False)
        try:
            self.connection.open()
        except (smtplib.SMTPException, OSError) as exc:
            self.connection = None
            raise TransportError(f"Cannot reach the mail server: {exc}", permanent=False) from exc

    def send(self, delivery: Delivery) -> str:
        try:
            message = delivery_email_message(delivery)
            message.message()  # builds and checks every header before anything is sent
        except (BadHeaderError, ValueError) as exc:
            raise TransportError(f"Cannot build the email: {exc}", permanent=True) from exc
        if self.connection is None:
            self.open()
        copies = [*message.cc, *message.bcc]
        if isinstance(message, EnvelopeEmail) and copies:
            # The official's own answer decides the letter's fate; the writer's copy (the
            # same message, the same Message-ID) follows once the official has accepted it,
            # so a refused or greylisted letter never sends the writer a copy per try.
            message.extra_headers.setdefault(
                "Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
            )
            official = copy.copy(message)
            official.envelope = list(message.to)
            self._send(official)
            writers_copy = copy.copy(message)
            writers_copy.envelope = copies
            try:
                self._send(writers_copy)
            except TransportError as exc:
                # Sent again, the letter would reach the official twice: the copy is tried
                # once, and its loss does not undo the delivery.
                logger.warning(
                    "The writer's copy of delivery %s was not sent: %s", delivery.pk, exc
                )
                if not exc.permanent:
                    self.close()  # the connection may be broken: the next letter opens anew
            return delivery.message_id
        self._send(message)
        return delivery.message_id

    def _send(self, message: EmailMessage) -> None:
        message.connection = self.connection
        try:
            sent = message.send()
        except (smtplib.SMTPException, OSError) as exc:
            failure = mail_failure(exc)
            raise TransportError(failure.reason, permanent=failure.permanent) from exc
        if not sent:
            raise TransportError("The mail backend sent nothing", permanent=False)

    def close(self) -> None:
        if self.connection is not None:
            # A broken connection is dropped either way.
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None
