"""Writes for supporters: records, consent and email confirmation."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from writeathon.supporters.models import Consent, Supporter

_CONFIRM_SALT = "writeathon.supporters.confirm"


class ConfirmationLinkError(Exception):
    """A confirmation link that is forged, expired, or for an address that no longer exists."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def email_normalize(email: str) -> str:
    """The form in which an address is stored and compared."""
    return email.strip().lower()


def supporter_get_or_create(
    *, email: str, name: str, country: str, language: str
) -> tuple[Supporter, bool]:
    """Find the supporter by address or create one (unconfirmed). Safe under concurrency."""
    email = email_normalize(email)
    supporter = Supporter.objects.filter(email=email).first()
    if supporter is not None:
        return supporter, False
    try:
        with transaction.atomic():
            supporter = Supporter.objects.create(
                email=email, name=name, country=country, language=language
            )
        return supporter, True
    except IntegrityError:
        # A concurrent first submission with the same address won the race.
        return Supporter.objects.get(email=email), False


def consent_record(
    *,
    supporter: Supporter,
    purpose: str,
    text: str,
    version: str,
    form: str,
    language: str,
    action_id: int | None = None,
) -> Consent:
    """Keep the exact words the supporter agreed to, with version, form and time."""
    return Consent.objects.create(
        supporter=supporter,
        action_id=action_id,
        purpose=purpose,
        text=text,
        version=version,
        form=form,
        language=language,
    )


def _email_fingerprint(email: str | None) -> str:
    # Ties a link to the address without putting the address itself in the URL.
    return salted_hmac(_CONFIRM_SALT, email or "").hexdigest()[:20]


def confirmation_token_make(*, supporter: Supporter) -> str:
    return signing.dumps(
        {"s": supporter.pk, "e": _email_fingerprint(supporter.email)}, salt=_CONFIRM_SALT
    )


def confirmation_token_check(*, token: str) -> Supporter:
    """The supporter a confirmation link was made for, or ConfirmationLinkError."""
    try:
        data = signing.loads(
            token, salt=_CONFIRM_SALT, max_age=settings.CONFIRMATION_MAX_AGE_SECONDS
        )
    except signing.SignatureExpired as exc:
        raise ConfirmationLinkError(expired=True) from exc
    except signing.BadSignature as exc:
        raise ConfirmationLinkError(expired=False) from exc
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise ConfirmationLinkError(expired=False)
    supporter = Supporter.objects.filter(pk=data["s"]).first()
    if supporter is None or not constant_time_compare(
        _email_fingerprint(supporter.email), str(data.get("e"))
    ):
        raise ConfirmationLinkError(expired=False)
    return supporter


# A browser in which the owner of an address followed a confirmation link carries this
# signed cookie: only there do pages say what that address has done.
BROWSER_COOKIE = "writeathon_supporter"
BROWSER_COOKIE_MAX_AGE = 365 * 24 * 3600
_BROWSER_SALT = "writeathon.supporters.browser"


def browser_token_make(*, supporter: Supporter) -> str:
    return signing.dumps(
        {"s": supporter.pk, "e": _email_fingerprint(supporter.email)}, salt=_BROWSER_SALT
    )


def browser_supporter_id(*, token: str) -> int | None:
    """The supporter whose own link was followed in this browser, if the cookie is genuine."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=_BROWSER_SALT, max_age=BROWSER_COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        return None
    email = Supporter.objects.filter(pk=data["s"]).values_list("email", flat=True).first()
    if email is None or not constant_time_compare(_email_fingerprint(email), str(data.get("e"))):
        return None
    supporter_id: int = data["s"]
    return supporter_id
