"""Signed links that let a supporter act on their own data without an account.

Each link holds the supporter's id and a fingerprint of their address (never the address
itself), signed under a salt of its own (writeathon.core.signed_tokens): a link made for
one purpose opens nothing else, a link for an address that changed or was erased stops
working, and a forged or altered link is refused.
"""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from writeathon.core.signed_tokens import (
    SignedTokenError,
    fingerprint,
    fingerprint_matches,
    signed_token_make,
    signed_token_read,
)
from writeathon.supporters.models import Supporter

_DATA_SALT = "writeathon.supporters.data-link"
_UNSUBSCRIBE_SALT = "writeathon.supporters.unsubscribe"
_OWN_PAGE_SALT = "writeathon.supporters.own-page"

# The link to a supporter's data page works this long: it opens their personal data.
DATA_LINK_MAX_AGE_SECONDS = 24 * 3600
# The link to a supporter's own page (what they wrote and what came of it), in the footer of
# every email to them: it only shows, never acts, so it may live as long as an email is read.
OWN_PAGE_MAX_AGE_SECONDS = 180 * 24 * 3600


class SupporterLinkError(Exception):
    """A link that is forged, expired, or for an address that changed or was erased."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _fingerprint(salt: str, email: str) -> str:
    return fingerprint(purpose=salt, value=email)


def _token_make(salt: str, supporter: Supporter, made_at: datetime | None = None) -> str:
    if not supporter.email:
        raise ValueError("A supporter without an email address gets no email link.")
    return signed_token_make(
        salt=salt,
        record_id=supporter.pk,
        fingerprint=_fingerprint(salt, supporter.email),
        made_at=made_at,
    )


def _token_check(salt: str, token: str, max_age: int | None) -> Supporter:
    try:
        signed = signed_token_read(salt=salt, token=token, max_age=max_age)
    except SignedTokenError as exc:
        raise SupporterLinkError(expired=exc.expired) from exc
    supporter = Supporter.objects.filter(
        pk=signed.record_id, email__isnull=False, erased_at__isnull=True
    ).first()
    if supporter is None or not fingerprint_matches(
        signed, _fingerprint(salt, supporter.email or "")
    ):
        raise SupporterLinkError(expired=False)
    return supporter


def data_link_token_make(*, supporter: Supporter, made_at: datetime | None = None) -> str:
    """A data-page link's token; with `made_at` (when it was asked for), it expires
    DATA_LINK_MAX_AGE_SECONDS after then, however late it is sent."""
    return _token_make(_DATA_SALT, supporter, made_at)


def data_link_token_check(*, token: str) -> Supporter:
    """The supporter a data-page link was made for, or SupporterLinkError."""
    return _token_check(_DATA_SALT, token, DATA_LINK_MAX_AGE_SECONDS)


def unsubscribe_token_make(*, supporter: Supporter) -> str:
    return _token_make(_UNSUBSCRIBE_SALT, supporter)


def unsubscribe_token_check(*, token: str) -> Supporter:
    """The supporter an unsubscribe link was made for, or SupporterLinkError.

    Unsubscribe links do not expire: an email read months later must still stop the
    emails. They do nothing but stop email, and die with the address.
    """
    return _token_check(_UNSUBSCRIBE_SALT, token, None)


def own_page_token_make(*, supporter: Supporter) -> str:
    return _token_make(_OWN_PAGE_SALT, supporter)


def own_page_token_check(*, token: str) -> Supporter:
    """The supporter an own-page link was made for, or SupporterLinkError. The page it opens
    shows what they wrote and what came of it; nothing on it acts in their name."""
    return _token_check(_OWN_PAGE_SALT, token, OWN_PAGE_MAX_AGE_SECONDS)


def own_page_url(*, supporter: Supporter, base_url: str) -> str:
    token = own_page_token_make(supporter=supporter)
    return base_url.rstrip("/") + reverse("supporter-page", kwargs={"token": token})


def data_link_url(*, supporter: Supporter, base_url: str, made_at: datetime | None = None) -> str:
    token = data_link_token_make(supporter=supporter, made_at=made_at)
    return base_url.rstrip("/") + reverse("supporters:data", kwargs={"token": token})


def unsubscribe_url(*, supporter: Supporter, base_url: str) -> str:
    token = unsubscribe_token_make(supporter=supporter)
    return base_url.rstrip("/") + reverse("supporters:unsubscribe", kwargs={"token": token})


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers of RFC 2369 and RFC 8058: mail programs show an "Unsubscribe" button
    that POSTs to the link, which stops the emails without opening a page."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def unsubscribe_footer(
    *, supporter: Supporter | None, base_url: str, language: str
) -> tuple[str, dict[str, str]]:
    """The unsubscribe lines to add to the text of an email to a supporter, and the
    headers that go with them; nothing without an address or a base URL to link to."""
    if supporter is None or not supporter.email or supporter.is_erased or not base_url:
        return "", {}
    url = unsubscribe_url(supporter=supporter, base_url=base_url)
    context = {
        "unsubscribe_url": url,
        "own_page_url": own_page_url(supporter=supporter, base_url=base_url),
    }
    with translation.override(language or supporter.language):
        text = render_to_string("emails/_unsubscribe.txt", context)
    return text, unsubscribe_headers(url)
