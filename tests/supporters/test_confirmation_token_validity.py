"""Confirmation links are signed, tied to one address, and expire."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings

from tests.factories import SupporterFactory
from writeathon.supporters.services import (
    ConfirmationLinkError,
    confirmation_token_check,
    confirmation_token_make,
)

pytestmark = pytest.mark.django_db


def test_valid_token_names_its_supporter() -> None:
    supporter = SupporterFactory()
    SupporterFactory()
    token = confirmation_token_make(supporter=supporter)
    assert confirmation_token_check(token=token) == supporter


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: "x" + t,  # payload changed
        lambda t: t.split(":")[0],  # signature removed
        lambda t: "",
        lambda t: "not-a-token",
    ],
)
def test_tampered_token_is_invalid(tamper: Callable[[str], str]) -> None:
    token = confirmation_token_make(supporter=SupporterFactory())
    forged = tamper(token)
    assert forged != token
    with pytest.raises(ConfirmationLinkError) as caught:
        confirmation_token_check(token=forged)
    assert caught.value.expired is False


def test_token_signed_with_another_key_is_invalid() -> None:
    supporter = SupporterFactory()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "SECRET_KEY", "another-key-" + "x" * 50)
        forged = confirmation_token_make(supporter=supporter)
    with pytest.raises(ConfirmationLinkError) as caught:
        confirmation_token_check(token=forged)
    assert caught.value.expired is False


def test_token_for_a_changed_or_deleted_address_is_invalid() -> None:
    changed = SupporterFactory(email="old@example.com")
    token_changed = confirmation_token_make(supporter=changed)
    changed.email = "new@example.com"
    changed.save()
    deleted = SupporterFactory()
    token_deleted = confirmation_token_make(supporter=deleted)
    deleted.delete()

    for token in (token_changed, token_deleted):
        with pytest.raises(ConfirmationLinkError) as caught:
            confirmation_token_check(token=token)
        assert caught.value.expired is False


def test_token_expires() -> None:
    supporter = SupporterFactory()
    max_age = timedelta(seconds=settings.CONFIRMATION_MAX_AGE_SECONDS)
    with time_machine.travel("2030-12-01 09:00 +0000", tick=False) as clock:
        token = confirmation_token_make(supporter=supporter)
        clock.shift(max_age - timedelta(minutes=1))
        assert confirmation_token_check(token=token) == supporter
        clock.shift(timedelta(minutes=2))
        with pytest.raises(ConfirmationLinkError) as caught:
            confirmation_token_check(token=token)
    assert caught.value.expired is True
