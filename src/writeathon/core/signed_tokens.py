"""Signed tokens for links and cookies that stand in for an account: one way to make and
read them, whoever sends the link.

A token names one record (its id) and carries a fingerprint of the value it was made for
(an email address, never the address itself), signed with SECRET_KEY under a salt of its
own purpose. So a token made for one purpose opens nothing else; a forged or altered token
is refused; and when the value changes (the address was changed or erased) the fingerprint
no longer matches and the token stops working. The caller looks the record up and checks
the fingerprint with `fingerprint_matches`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac


class SignedTokenError(Exception):
    """A token that is forged, altered, made for another purpose, or `expired`."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class SignedToken:
    """What a genuine token says: the record, the fingerprint it was made with, and any
    further values it carries (strings, by name)."""

    record_id: int
    fingerprint: str
    extra: dict[str, Any]


def fingerprint(*, purpose: str, value: str) -> str:
    """A short keyed hash of `value` that ties a token to it without revealing it."""
    return salted_hmac(purpose, value).hexdigest()[:20]


def fingerprint_matches(token: SignedToken, expected: str) -> bool:
    """Whether the token was made for the value whose fingerprint is `expected` (in
    constant time)."""
    return constant_time_compare(expected, token.fingerprint)


class _SignerAt(signing.TimestampSigner):
    """A signer whose tokens carry a given time instead of now, so that a link made later
    expires as if it had been made then."""

    def __init__(self, *, made_at: datetime, salt: str) -> None:
        super().__init__(salt=salt)
        self.made_at = made_at

    def timestamp(self) -> str:
        return signing.b62_encode(int(self.made_at.timestamp()))


def signed_token_make(
    *,
    salt: str,
    record_id: int,
    fingerprint: str,
    extra: dict[str, str] | None = None,
    made_at: datetime | None = None,
) -> str:
    """A URL-safe token for `record_id` and `fingerprint`, signed for the purpose `salt`.

    With `made_at`, the token's age (and so its expiry) counts from then, not from now.
    """
    # The keys are short and fixed: tokens already sent in emails must keep opening.
    data = {"s": record_id, "e": fingerprint, **(extra or {})}
    if made_at is None:
        return signing.dumps(data, salt=salt)
    return _SignerAt(made_at=made_at, salt=salt).sign_object(data)


def signed_token_read(*, salt: str, token: str, max_age: int | None) -> SignedToken:
    """What a genuine token of the purpose `salt` says, or SignedTokenError (`expired`
    when it is older than `max_age` seconds; None: it never expires)."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise SignedTokenError(expired=True) from exc
    except signing.BadSignature as exc:
        raise SignedTokenError(expired=False) from exc
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise SignedTokenError(expired=False)
    extra = {key: value for key, value in data.items() if key not in ("s", "e")}
    return SignedToken(record_id=data["s"], fingerprint=str(data.get("e")), extra=extra)
