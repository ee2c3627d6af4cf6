"""Writes for supporters: records, consent and email confirmation."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from email.headerregistry import Address

import idna
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string

from writeathon.core.signed_tokens import (
    SignedTokenError,
    fingerprint,
    fingerprint_matches,
    signed_token_make,
    signed_token_read,
)
from writeathon.sections.models import Section
from writeathon.sections.selectors import section_for_country
from writeathon.supporters.models import Consent, Supporter

_CONFIRM_SALT = "writeathon.supporters.confirm"


class ConfirmationLinkError(Exception):
    """A confirmation link that is forged, expired, for an address that no longer exists,
    or already used (`spent`)."""

    def __init__(self, *, expired: bool, spent: bool = False) -> None:
        super().__init__("spent" if spent else "expired" if expired else "invalid")
        self.expired = expired
        self.spent = spent


def email_normalize(email: str) -> str:
    """The form in which an address is stored and compared."""
    return email.strip().lower()


# Providers known to deliver "name+anything@" to "name@" (sub-addressing).
_PLUS_TAG_DOMAINS = frozenset(
    {
        "gmail.com",
        # Microsoft
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "outlook.fr",
        "hotmail.fr",
        "live.fr",
        "outlook.es",
        "hotmail.es",
        "outlook.de",
        "hotmail.de",
        "outlook.it",
        "hotmail.it",
        "hotmail.co.uk",
        "live.co.uk",
        # Fastmail
        "fastmail.com",
        "fastmail.fm",
        # Proton
        "protonmail.com",
        "protonmail.ch",
        "proton.me",
        "pm.me",
    }
)
# Providers that ignore dots in the local part ("j.doe" is "jdoe").
_DOTLESS_DOMAINS = frozenset({"gmail.com"})
_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


def email_domain_canonical(domain: str) -> str:
    """A mail domain as it is looked up: its ASCII (Punycode) form after the IDNA mapping
    of UTS #46 ("BÜCHER.example" and "xn--bcher-kva.example" are one domain), lowercase,
    without a final dot. A name IDNA refuses (or a literal such as "[192.0.2.1]") is only
    lowercased."""
    domain = domain.strip().lower()
    if domain.startswith("["):
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii").rstrip(".")
    except (idna.IDNAError, UnicodeError, ValueError):
        return domain.rstrip(".")


def _address_parts(email: str) -> tuple[str, str] | None:
    """The local part (unquoted, unescaped, without comments) and the domain of `email`, as
    a mail server reads them; None when it is not one address."""
    try:
        address = Address(addr_spec=email)
    except Exception:  # the stdlib parser fails in many ways on malformed input
        return None
    if not address.username or not address.domain:
        return None
    return address.username, address.domain


def email_canonical(email: str) -> str:
    """The address as its mailbox is reached, for finding duplicates (never for sending).

    Read as a mail server reads it: a quoted or escaped local part is the same mailbox as
    the plain one (RFC 5321), comments are dropped, and the domain takes its ASCII form
    (email_domain_canonical). Lowercase; for providers that ignore them, without dots
    (Gmail) and without a "+tag" (Gmail, Outlook/Hotmail/Live, Fastmail, Proton). Other
    providers keep the local part as it is: on their servers a "+tag" or a dot may be a
    different mailbox. The same form serves supporters, rate limits and block lists.
    """
    email = email_normalize(email)
    parts = _address_parts(email)
    if parts is None:
        local, at, domain = email.rpartition("@")
        if not at or not local:
            return email
    else:
        local, domain = parts
    local = unicodedata.normalize("NFC", local).lower()
    domain = email_domain_canonical(domain)
    domain = _DOMAIN_ALIASES.get(domain, domain)
    mailbox = local
    if domain in _PLUS_TAG_DOMAINS:
        mailbox = mailbox.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        mailbox = mailbox.replace(".", "")
    # "+tag@gmail.com" or "...@gmail.com" are not real mailboxes: keep them as typed.
    return f"{mailbox or local}@{domain}"


def supporter_get_or_create(
    *, email: str, name: str, country: str, language: str
) -> tuple[Supporter, bool]:
    """Find the supporter by address or create one (unconfirmed). Safe under concurrency.

    An address that reaches the same mailbox as a known one ("J.Doe+w4r@gmail.com" and
    "jdoe@gmail.com") finds that supporter (the oldest, if rows stored before canonical
    forms existed share one): one person cannot count twice for a case by varying it.
    """
    email = email_normalize(email)
    canonical = email_canonical(email)
    supporter = (
        Supporter.objects.filter(email=email).first()
        or Supporter.objects.filter(email_canonical=canonical).order_by("pk").first()
    )
    if supporter is not None:
        return supporter, False
    try:
        with transaction.atomic():
            supporter = Supporter.objects.create(
                email=email,
                email_canonical=canonical,
                name=name,
                country=country,
                # The section running the campaign in their country sees them.
                section=section_for_country(country=country),
                language=language,
            )
        return supporter, True
    except IntegrityError:
        # A concurrent first submission with the same address won the race.
        return Supporter.objects.get(email=email), False


def supporter_get_or_create_by_phone(*, phone: str, country: str, language: str) -> Supporter:
    """The supporter with this number (E.164); a new one is confirmed: texting from a
    number proves it. Safe under concurrency."""
    supporter = Supporter.objects.filter(phone=phone).first()
    if supporter is not None:
        return supporter
    try:
        with transaction.atomic():
            return Supporter.objects.create(
                phone=phone,
                name="",
                country=country,
                section=section_for_country(country=country),
                language=language,
                confirmed_at=timezone.now(),
            )
    except IntegrityError:
        # The same number's first message, delivered twice at once.
        return Supporter.objects.get(phone=phone)


def consents_withdraw_for_actions(*, action_ids: Collection[int]) -> int:
    """Withdraw the consents given with these actions (declined, or replaced by the
    address's owner); returns how many were still in force."""
    return Consent.objects.filter(action_id__in=list(action_ids), withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


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


@transaction.atomic
def supporter_email_resume(
    *, supporter_id: int, text: str, version: str, form: str, language: str
) -> bool:
    """Start email again for a supporter who stopped all email, with the consent they give
    now; returns whether this call started it (false when it was not stopped, or erased).

    The consent keeps the exact words agreed to, their version, the form and the time:
    the trace of who asked for email again, when, and to what.
    """
    supporter = (
        Supporter.objects.select_for_update()
        .filter(pk=supporter_id, email_stopped_at__isnull=False, erased_at__isnull=True)
        .first()
    )
    if supporter is None:
        return False
    Supporter.objects.filter(pk=supporter_id).update(
        email_stopped_at=None, updated_at=timezone.now()
    )
    consent_record(
        supporter=supporter,
        purpose=Consent.Purpose.CAMPAIGN_UPDATES,
        text=text,
        version=version,
        form=form,
        language=language,
    )
    return True


def _email_fingerprint(email: str | None) -> str:
    # Ties a link to the address without putting the address itself in the URL.
    return fingerprint(purpose=_CONFIRM_SALT, value=email or "")


@transaction.atomic
def confirmation_token_make(*, supporter: Supporter) -> str:
    """The token of the confirmation link for the actions waiting for this address.

    The link carries the supporter's one-use nonce, made here when none is out: every email
    sent while the same actions wait carries the same nonce, and using any of them (or the
    end of the wait, confirmation_link_retire) spends them all.
    """
    fresh = get_random_string(22)
    Supporter.objects.filter(pk=supporter.pk, confirmation_nonce="").update(
        confirmation_nonce=fresh
    )
    nonce = Supporter.objects.values_list("confirmation_nonce", flat=True).get(pk=supporter.pk)
    return signed_token_make(
        salt=_CONFIRM_SALT,
        record_id=supporter.pk,
        fingerprint=_email_fingerprint(supporter.email),
        extra={"n": nonce},
    )


def _confirmation_token_read(token: str) -> tuple[Supporter, str | None]:
    """The supporter and nonce of a genuine, unexpired link for an address that still exists.

    A link made before links were single use carries no nonce (None).
    """
    try:
        signed = signed_token_read(
            salt=_CONFIRM_SALT, token=token, max_age=settings.CONFIRMATION_MAX_AGE_SECONDS
        )
    except SignedTokenError as exc:
        raise ConfirmationLinkError(expired=exc.expired) from exc
    supporter = Supporter.objects.filter(pk=signed.record_id).first()
    if supporter is None or not fingerprint_matches(signed, _email_fingerprint(supporter.email)):
        raise ConfirmationLinkError(expired=False)
    nonce = signed.extra.get("n")
    return supporter, (str(nonce) if nonce is not None else None)


def _link_is_current(supporter: Supporter, nonce: str | None) -> bool:
    if nonce is None:
        # Sent before links were single use: good until the address is confirmed.
        return not supporter.is_confirmed
    return bool(nonce) and constant_time_compare(nonce, supporter.confirmation_nonce)


def confirmation_token_check(*, token: str) -> Supporter:
    """The supporter a confirmation link was made for, or ConfirmationLinkError
    (`spent` when the link was used, or the actions it was sent for no longer wait)."""
    supporter, nonce = _confirmation_token_read(token)
    if not _link_is_current(supporter, nonce):
        raise ConfirmationLinkError(expired=False, spent=True)
    return supporter


@transaction.atomic
def confirmation_link_spend(*, token: str) -> Supporter:
    """Use a confirmation link: its supporter, this once; ConfirmationLinkError otherwise.

    The conditional update makes the link single use even when two requests use it at once:
    one of them wins, the other finds it spent.
    """
    supporter, nonce = _confirmation_token_read(token)
    unused = Supporter.objects.filter(pk=supporter.pk)
    if nonce is None:
        used = unused.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    else:
        used = (
            unused.filter(confirmation_nonce=nonce)
            .exclude(confirmation_nonce="")
            .update(confirmation_nonce="")
        )
    if not used:
        raise ConfirmationLinkError(expired=False, spent=True)
    supporter.refresh_from_db()
    return supporter


def confirmation_link_retire(*, supporter_id: int) -> None:
    """Spend the link that is out for this address: what it was sent for no longer waits,
    so the next action taken with the address gets a new link."""
    Supporter.objects.filter(pk=supporter_id).exclude(confirmation_nonce="").update(
        confirmation_nonce=""
    )


# A browser in which the owner of an address followed a confirmation link carries this
# signed cookie: only there do pages say what that address has done.
BROWSER_COOKIE = "writeathon_supporter"
BROWSER_COOKIE_MAX_AGE = 365 * 24 * 3600
_BROWSER_SALT = "writeathon.supporters.browser"


def browser_token_make(*, supporter: Supporter) -> str:
    return signed_token_make(
        salt=_BROWSER_SALT, record_id=supporter.pk, fingerprint=_email_fingerprint(supporter.email)
    )


def browser_supporter_id(*, token: str) -> int | None:
    """The supporter whose own link was followed in this browser, if the cookie is genuine."""
    if not token:
        return None
    try:
        signed = signed_token_read(salt=_BROWSER_SALT, token=token, max_age=BROWSER_COOKIE_MAX_AGE)
    except SignedTokenError:
        return None
    email = Supporter.objects.filter(pk=signed.record_id).values_list("email", flat=True).first()
    if email is None or not fingerprint_matches(signed, _email_fingerprint(email)):
        return None
    return signed.record_id


@transaction.atomic
def supporters_section_join(*, section: Section) -> int:
    """Give `section` the supporters of its country who have no section yet; how many."""
    return Supporter.objects.filter(country=section.country, section__isnull=True).update(
        section=section
    )


def supporter_confirmed_mark(*, supporter_id: int) -> None:
    """Mark the supporter's address confirmed (kept as first confirmed)."""
    Supporter.objects.filter(pk=supporter_id, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )


def supporter_texts_stop(*, supporter_id: int) -> bool:
    """Send the supporter's number no more text messages; false if it was stopped already."""
    return bool(
        Supporter.objects.filter(pk=supporter_id, sms_stopped_at__isnull=True).update(
            sms_stopped_at=timezone.now()
        )
    )


def supporter_texts_start(*, supporter_id: int) -> None:
    """Send the supporter's number text messages again (after STOP)."""
    Supporter.objects.filter(pk=supporter_id).update(sms_stopped_at=None)
