"""One reading of a failure to send mail, for every sender: the outbox, confirmations, links.

A mail server's answer is permanent only when its code is 5xx. smtplib raises
SMTPRecipientsRefused whenever every recipient is refused, whatever the code, so a
greylisting server (451 at RCPT) must not be read as a refusal for good. Our own
credentials being refused (535) is not the message's fault either: the mail waits until
the operator fixes them.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass


@dataclass(frozen=True)
class MailFailure:
    """Whether trying again can help, and the server's own words (without the addresses)."""

    permanent: bool
    reason: str


def _words(error: bytes | str) -> str:
    text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
    return " ".join(text.split())


def mail_failure(exc: BaseException) -> MailFailure:
    """Read an exception raised while sending mail (smtplib's, or a socket's)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = [
            (code, _words(error))
            for code, error in exc.recipients.values()  # {address: (code, error)}
        ]
        # A refusal for good only when every refused recipient was refused for good.
        permanent = bool(answers) and all(code >= 500 for code, _error in answers)
        said = "; ".join(sorted({f"{code} {error}" for code, error in answers}))
        return MailFailure(
            permanent=permanent, reason=f"The mail server refused the recipient: {said}"
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return MailFailure(
            permanent=False,
            reason=f"The mail server refused our credentials: {exc.smtp_code} "
            f"{_words(exc.smtp_error)}",
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return MailFailure(
            permanent=exc.smtp_code >= 500,
            reason=f"Mail server answered {exc.smtp_code} {_words(exc.smtp_error)}",
        )
    return MailFailure(permanent=False, reason=f"Mail server unavailable: {exc}")
