"""Links and cookies already out (in emails read months later, in browsers) keep opening:
the tokens made now are the very strings made before, and those still name their
supporter. The salts and keys below are what was sent: changing them cuts every link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import signing
from django.utils.crypto import salted_hmac

from tests.factories import SupporterFactory
from writeathon.supporters.links import (
    data_link_token_check,
    data_link_token_make,
    unsubscribe_token_check,
    unsubscribe_token_make,
)
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import (
    browser_supporter_id,
    browser_token_make,
    confirmation_token_check,
    confirmation_token_make,
)

pytestmark = pytest.mark.django_db

SENT_AT = datetime(2016, 12, 10, 9, 0, tzinfo=UTC)
CONFIRM = "writeathon.supporters.confirm"


def _fingerprint(salt: str, email: str) -> str:
    return salted_hmac(salt, email).hexdigest()[:20]


def _as_sent(salt: str, supporter: Supporter, fingerprint_salt: str, **extra: str) -> str:
    payload = {"s": supporter.pk, "e": _fingerprint(fingerprint_salt, supporter.email or "")}
    return signing.dumps({**payload, **extra}, salt=salt)


def test_data_and_unsubscribe_links_are_made_and_read_as_before() -> None:
    supporter = SupporterFactory()
    links: list[tuple[str, Callable[..., str], Callable[..., Supporter]]] = [
        ("writeathon.supporters.data-link", data_link_token_make, data_link_token_check),
        ("writeathon.supporters.unsubscribe", unsubscribe_token_make, unsubscribe_token_check),
    ]
    for salt, make, check in links:
        with time_machine.travel(SENT_AT, tick=False):
            sent = _as_sent(salt, supporter, salt)
            assert make(supporter=supporter) == sent
            assert check(token=sent) == supporter


def test_confirmation_links_and_owner_cookies_are_made_and_read_as_before() -> None:
    supporter = SupporterFactory()
    with time_machine.travel(SENT_AT, tick=False):
        link = confirmation_token_make(supporter=supporter)
        supporter.refresh_from_db()
        assert link == _as_sent(CONFIRM, supporter, CONFIRM, n=supporter.confirmation_nonce)
        assert confirmation_token_check(token=link) == supporter
        cookie = _as_sent("writeathon.supporters.browser", supporter, CONFIRM)
        assert browser_token_make(supporter=supporter) == cookie
        assert browser_supporter_id(token=cookie) == supporter.pk
    # A link sent before links were single use carries no nonce: good until confirmed.
    with time_machine.travel(SENT_AT, tick=False):
        assert confirmation_token_check(token=_as_sent(CONFIRM, supporter, CONFIRM)) == supporter
