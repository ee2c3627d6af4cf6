"""Addresses are compared in canonical form: for providers that ignore them, dots and "+tags"
make no second supporter and no second count for a case; elsewhere they are kept."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client

from tests.factories import SupporterFactory, act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.email_address import email_canonical
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import supporter_get_or_create

fill_migration = importlib.import_module(
    "writeathon.supporters.migrations.0005_supporter_email_canonical"
)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        # Gmail ignores dots and +tags; googlemail.com is the same service.
        ("J.Doe+w4r@gmail.com", "jdoe@gmail.com"),
        ("jdoe@gmail.com", "jdoe@gmail.com"),
        ("j.d.o.e@googlemail.com", "jdoe@gmail.com"),
        ("  JDOE+a+b@GMail.com ", "jdoe@gmail.com"),
        # Microsoft, Fastmail and Proton: +tags only; dots are part of the name.
        ("Jane.Doe+news@outlook.com", "jane.doe@outlook.com"),
        ("jane.doe+x@hotmail.co.uk", "jane.doe@hotmail.co.uk"),
        ("jane+x@live.com", "jane@live.com"),
        ("jane.doe+x@fastmail.com", "jane.doe@fastmail.com"),
        ("jane+x@proton.me", "jane@proton.me"),
        ("jane+x@protonmail.com", "jane@protonmail.com"),
        # Elsewhere a +tag or a dot may be another mailbox: only the case is folded.
        ("Jane.Doe+news@Example.org", "jane.doe+news@example.org"),
        ("j.doe@yahoo.com", "j.doe@yahoo.com"),
        # Not real mailboxes at Gmail: kept as typed rather than collapsed to nothing.
        ("+tag@gmail.com", "+tag@gmail.com"),
        ("...@gmail.com", "...@gmail.com"),
        ("no-at-sign", "no-at-sign"),
    ],
)
def test_email_canonical(typed: str, canonical: str) -> None:
    assert email_canonical(typed) == canonical


@pytest.mark.django_db
def test_dots_and_tags_find_the_same_supporter_and_keep_the_address_as_typed() -> None:
    first, created = supporter_get_or_create(
        email="jdoe@gmail.com", name="Jo Doe", country="FR", language="en"
    )
    again, created_again = supporter_get_or_create(
        email="J.Doe+w4r@gmail.com", name="Jo", country="ES", language="es"
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    stored = Supporter.objects.get()
    assert (stored.email, stored.email_canonical) == ("jdoe@gmail.com", "jdoe@gmail.com")


@pytest.mark.django_db
def test_other_providers_keep_tags_apart() -> None:
    one, _ = supporter_get_or_create(
        email="jane+news@example.org", name="Jane", country="FR", language="en"
    )
    two, created = supporter_get_or_create(
        email="jane@example.org", name="Jane", country="FR", language="en"
    )
    assert created and one.pk != two.pk


def test_a_tagged_address_cannot_count_twice_for_a_case(case: Case) -> None:
    client = Client()
    for address in ("jdoe@gmail.com", "J.Doe+w4r@gmail.com", "j.d.o.e@googlemail.com"):
        response = client.post(
            act_url(case, "signature"), action_form_data("signature", email=address)
        )
        assert response.status_code == 302
    assert Supporter.objects.filter(email_canonical="jdoe@gmail.com").count() == 1
    assert Action.objects.filter(case=case, channel="signature").count() == 1
    supporter = Supporter.objects.get(email_canonical="jdoe@gmail.com")
    assert supporter.email == "jdoe@gmail.com"
    assert Action.objects.filter(supporter=supporter).count() == 1


@pytest.mark.django_db
def test_the_data_migration_fills_every_row_and_tolerates_old_duplicates() -> None:
    """Rows stored before the field existed, two of them the same Gmail mailbox: both are
    filled (the field is not unique), and a new submission finds the older one."""
    older = SupporterFactory(email="j.doe@gmail.com", email_canonical="")
    newer = SupporterFactory(email="jdoe@gmail.com", email_canonical="")
    other = SupporterFactory(email="Amira+W4R@Example.org", email_canonical="")
    texter = SupporterFactory(email=None, phone="+33612345678", email_canonical="")

    fill_migration.fill_canonical(apps, None)

    for supporter, canonical in (
        (older, "jdoe@gmail.com"),
        (newer, "jdoe@gmail.com"),
        (other, "amira+w4r@example.org"),
        (texter, ""),
    ):
        supporter.refresh_from_db()
        assert supporter.email_canonical == canonical
    found, created = supporter_get_or_create(
        email="JDoe+later@gmail.com", name="Jo", country="FR", language="en"
    )
    assert (found.pk, created) == (older.pk, False)
    # An address typed exactly as stored finds its own row first.
    assert supporter_get_or_create(
        email="jdoe@gmail.com", name="Jo", country="FR", language="en"
    ) == (newer, False)


def test_the_data_migration_is_reversible() -> None:
    operations = fill_migration.Migration.operations
    assert all(operation.reversible for operation in operations)


def test_the_migration_copy_agrees_with_the_service() -> None:
    samples = ["J.Doe+w4r@gmail.com", "x+y@googlemail.com", "A.B+c@outlook.fr", "a.b+c@ex.org"]
    assert [fill_migration._canonical(s) for s in samples] == [email_canonical(s) for s in samples]
