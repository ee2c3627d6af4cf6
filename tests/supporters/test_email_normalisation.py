"""An address is stored and compared in one form: case and spaces make no second supporter."""

from __future__ import annotations

import pytest

from writeathon.core.email_address import email_normalize
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import supporter_get_or_create


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("amira@example.com", "amira@example.com"),
        ("  Amira@Example.COM\t", "amira@example.com"),
        ("AMIRA@EXAMPLE.COM\n", "amira@example.com"),
    ],
)
def test_email_normalize(raw: str, stored: str) -> None:
    assert email_normalize(raw) == stored


@pytest.mark.django_db
def test_same_address_in_another_form_is_the_same_supporter() -> None:
    first, created_first = supporter_get_or_create(
        email="Amira@Example.com", name="Amira", country="FR", language="en"
    )
    second, created_second = supporter_get_or_create(
        email=" AMIRA@example.COM ", name="Someone Else", country="ES", language="es"
    )
    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert Supporter.objects.count() == 1
    stored = Supporter.objects.get()
    assert stored.email == "amira@example.com"
    # The first record is kept as it was; a later form does not overwrite it.
    assert (stored.name, stored.country, stored.language) == ("Amira", "FR", "en")
