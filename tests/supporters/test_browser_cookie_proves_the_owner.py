"""The owner cookie is believed only when genuine and for the address as it is now."""

from __future__ import annotations

from typing import Any

from tests.factories import SupporterFactory
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import browser_supporter_id, browser_token_make


def test_genuine_cookie_names_its_supporter(db: Any) -> None:
    supporter = SupporterFactory()
    assert browser_supporter_id(token=browser_token_make(supporter=supporter)) == supporter.pk


def test_tampered_forged_or_stale_cookies_name_nobody(db: Any) -> None:
    supporter = SupporterFactory(email="old@example.net")
    token = browser_token_make(supporter=supporter)
    assert browser_supporter_id(token="") is None
    assert browser_supporter_id(token=token[:-2] + "xx") is None
    assert browser_supporter_id(token="eyJzIjoxfQ:1abc:forged") is None
    Supporter.objects.filter(pk=supporter.pk).update(email="new@example.net")
    assert browser_supporter_id(token=token) is None
    Supporter.objects.filter(pk=supporter.pk).delete()
    assert browser_supporter_id(token=token) is None
