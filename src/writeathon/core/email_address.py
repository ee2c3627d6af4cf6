"""The canonical forms of an email address: how it is stored (email_normalize) and how its
mailbox is reached (email_canonical), for finding duplicates among supporters, rate limits
and block lists. Shared vocabulary: supporters, abuse and the use cases all read it here."""

from __future__ import annotations

import unicodedata
from email.headerregistry import Address

import idna


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
