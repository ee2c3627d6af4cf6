"""How long one exchange with a mail server or gateway can take, and whether a claim outlasts it.

A worker renews its claim on a delivery just before sending it. If the exchange outlasts the
claim, another worker may take the delivery while it is still being sent and send it again.
Every wait of an exchange is bounded by a timeout (EMAIL_TIMEOUT for each step of SMTP,
GATEWAY_TIMEOUT_SECONDS for each phase of an HTTP call), so the longest exchange is the sum of
its waits, each just under its timeout: a slow or tarpitting server answers every step late.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# SMTP waits of one letter: opening (connect, greeting, EHLO) and one envelope (MAIL, RCPT,
# DATA, the message itself, the server's answer to it); a letter with a copy to its writer
# sends a second envelope. STARTTLS adds its command, the handshake and a second EHLO; a
# TLS connection (smtps) adds the handshake; a login takes two round trips (AUTH LOGIN).
_SMTP_OPEN_WAITS = 3
_SMTP_ENVELOPE_WAITS = 5
_SMTP_STARTTLS_WAITS = 3
_SMTP_SSL_WAITS = 1
_SMTP_LOGIN_WAITS = 2
# An HTTP call to a gateway: connect (with the TLS handshake), send the request, read the
# answer's head, read its body; httpx retries nothing inside one call.
_GATEWAY_WAITS = 4


@dataclass(frozen=True)
class Exchange:
    setting: str  # the timeout that bounds each wait
    timeout: float
    waits: int

    @property
    def seconds(self) -> float:
        return self.timeout * self.waits


def exchange_longest() -> Exchange:
    """The slowest exchange a worker may be in while it holds a claim."""
    waits = _SMTP_OPEN_WAITS + 2 * _SMTP_ENVELOPE_WAITS
    if getattr(settings, "EMAIL_USE_TLS", False):
        waits += _SMTP_STARTTLS_WAITS
    if getattr(settings, "EMAIL_USE_SSL", False):
        waits += _SMTP_SSL_WAITS
    if getattr(settings, "EMAIL_HOST_USER", ""):
        waits += _SMTP_LOGIN_WAITS
    exchanges = [Exchange("EMAIL_TIMEOUT", float(settings.EMAIL_TIMEOUT or 0), waits)]
    if settings.FAX_GATEWAY_URL or settings.SMS_GATEWAY_URL:
        exchanges.append(
            Exchange("GATEWAY_TIMEOUT_SECONDS", settings.GATEWAY_TIMEOUT_SECONDS, _GATEWAY_WAITS)
        )
    return max(exchanges, key=lambda exchange: exchange.seconds)


def delivery_timing_problem() -> str | None:
    """One sentence on what does not fit between the timeouts and the claim, or None."""
    if not settings.EMAIL_TIMEOUT or settings.EMAIL_TIMEOUT <= 0:
        return (
            "EMAIL_TIMEOUT must be more than 0 seconds: without it a silent mail server "
            "holds a worker for ever."
        )
    if settings.GATEWAY_TIMEOUT_SECONDS <= 0:
        return "GATEWAY_TIMEOUT_SECONDS must be more than 0 seconds."
    longest = exchange_longest()
    lease = settings.DELIVERY_LEASE_SECONDS
    # After the exchange, the worker may keep trying to write the result while the database
    # is away (a restart): the claim must outlast that too.
    recording = float(settings.DELIVERY_RECORD_RETRY_SECONDS)
    needed = longest.seconds + recording
    if lease < needed:
        return (
            f"DELIVERY_LEASE_SECONDS ({lease}) must be at least the longest exchange a worker "
            f"may be in plus the time it keeps trying to record the result, {needed:g} "
            f"seconds here ({longest.waits} waits of {longest.setting}, {longest.timeout:g} s "
            f"each, and DELIVERY_RECORD_RETRY_SECONDS, {recording:g} s), or a second worker "
            f"would send a slow message again: raise DELIVERY_LEASE_SECONDS or lower "
            f"{longest.setting} or DELIVERY_RECORD_RETRY_SECONDS."
        )
    return None


def delivery_timing_verify() -> None:
    """Refuse to start (ImproperlyConfigured) when a claim could run out mid-exchange."""
    problem = delivery_timing_problem()
    if problem is not None:
        raise ImproperlyConfigured(problem)
