"""Signed links of write-a-thons: a host's sign-in link, an RSVP's confirm and cancel links.

No token is stored: each link holds the record's id and a fingerprint of its email address,
signed under a salt of its own purpose (writeathon.core.signed_tokens). A link for one
purpose opens nothing else, and a link whose address changed or was erased stops working.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from writeathon.core.signed_tokens import (
    SignedTokenError,
    fingerprint,
    fingerprint_matches,
    signed_token_make,
    signed_token_read,
)
from writeathon.events.models import Host, Rsvp

_SIGN_IN_SALT = "writeathon.events.host-sign-in"
_SESSION_SALT = "writeathon.events.host-session"
_RSVP_CONFIRM_SALT = "writeathon.events.rsvp-confirm"
_RSVP_CANCEL_SALT = "writeathon.events.rsvp-cancel"

# A sign-in link opens the host's events: it works for an hour after it was asked for.
SIGN_IN_MAX_AGE_SECONDS = 3600
# An RSVP's confirmation link works for a week.
RSVP_CONFIRM_MAX_AGE_SECONDS = 7 * 24 * 3600


class EventLinkError(Exception):
    """A link that is forged, expired, or for an address that changed or was erased."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def host_fingerprint(host: Host) -> str:
    """What a host's session holds beside the host's id: it stops matching when the address
    changes or is erased, which signs every browser out."""
    return fingerprint(purpose=_SESSION_SALT, value=host.email)


def host_sign_in_token_make(*, host: Host, made_at: datetime | None = None) -> str:
    return signed_token_make(
        salt=_SIGN_IN_SALT,
        record_id=host.pk,
        fingerprint=fingerprint(purpose=_SIGN_IN_SALT, value=host.email),
        made_at=made_at,
    )


def host_sign_in_token_check(*, token: str) -> Host:
    """The host a sign-in link was made for, or EventLinkError."""
    try:
        signed = signed_token_read(salt=_SIGN_IN_SALT, token=token, max_age=SIGN_IN_MAX_AGE_SECONDS)
    except SignedTokenError as exc:
        raise EventLinkError(expired=exc.expired) from exc
    host = Host.objects.filter(pk=signed.record_id).first()
    if host is None or not fingerprint_matches(
        signed, fingerprint(purpose=_SIGN_IN_SALT, value=host.email)
    ):
        raise EventLinkError(expired=False)
    return host


def host_sign_in_url(*, host: Host, base_url: str, made_at: datetime | None = None) -> str:
    token = host_sign_in_token_make(host=host, made_at=made_at)
    return base_url.rstrip("/") + reverse("events:host-sign-in", kwargs={"token": token})


def _rsvp_token_make(salt: str, rsvp: Rsvp) -> str:
    return signed_token_make(
        salt=salt, record_id=rsvp.pk, fingerprint=fingerprint(purpose=salt, value=rsvp.email)
    )


def _rsvp_token_check(salt: str, token: str, max_age: int | None) -> Rsvp:
    try:
        signed = signed_token_read(salt=salt, token=token, max_age=max_age)
    except SignedTokenError as exc:
        raise EventLinkError(expired=exc.expired) from exc
    rsvp = Rsvp.objects.select_related("event").filter(pk=signed.record_id).first()
    if rsvp is None or not fingerprint_matches(signed, fingerprint(purpose=salt, value=rsvp.email)):
        raise EventLinkError(expired=False)
    return rsvp


def rsvp_confirm_url(*, rsvp: Rsvp, base_url: str) -> str:
    token = _rsvp_token_make(_RSVP_CONFIRM_SALT, rsvp)
    return base_url.rstrip("/") + reverse("events:rsvp-confirm", kwargs={"token": token})


def rsvp_confirm_token_check(*, token: str) -> Rsvp:
    return _rsvp_token_check(_RSVP_CONFIRM_SALT, token, RSVP_CONFIRM_MAX_AGE_SECONDS)


def rsvp_cancel_url(*, rsvp: Rsvp, base_url: str) -> str:
    token = _rsvp_token_make(_RSVP_CANCEL_SALT, rsvp)
    return base_url.rstrip("/") + reverse("events:rsvp-cancel", kwargs={"token": token})


def rsvp_cancel_token_check(*, token: str) -> Rsvp:
    """Cancel links do not expire: a reminder read the evening before must still work."""
    return _rsvp_token_check(_RSVP_CANCEL_SALT, token, None)
