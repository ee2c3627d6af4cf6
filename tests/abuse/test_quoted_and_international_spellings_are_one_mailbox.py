"""A stranger who spells one mailbox another way (a quoted or escaped local part, a comment,
the Unicode or the ASCII form of an international domain) reaches the same supporter, the
same per-address limit and the same block as the plain spelling."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client, TestCase

from tests.factories import SupporterFactory, act_url, action_form_data, stored_rows
from writeathon.abuse.forms import access_rule_value_clean
from writeathon.abuse.models import AccessRule
from writeathon.abuse.services import access_rule_add
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.email_address import email_canonical
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import supporter_get_or_create


def recompute_migration() -> Any:
    return importlib.import_module(
        "writeathon.supporters.migrations.0007_supporter_email_canonical_parsed"
    )


def rules_migration() -> Any:
    return importlib.import_module(
        "writeathon.abuse.migrations.0002_accessrule_email_values_parsed"
    )


START = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        # A quoted local part is the same mailbox as the unquoted one (RFC 5321 4.1.2).
        ('"jdoe"@gmail.com', "jdoe@gmail.com"),
        ('"j.doe"@gmail.com', "jdoe@gmail.com"),
        ('"J.Doe+w4r"@GMail.com', "jdoe@gmail.com"),
        # A backslash inside quotes only escapes the next character.
        ('"j\\doe"@gmail.com', "jdoe@gmail.com"),
        ('"jane\\.doe"@example.org', "jane.doe@example.org"),
        # A comment is not part of the address.
        ("jdoe(w4r)@gmail.com", "jdoe@gmail.com"),
        # An international domain, in Unicode, in capitals, or in its ASCII (Punycode) form.
        ("jdoe@bücher.example", "jdoe@xn--bcher-kva.example"),
        ("jdoe@BÜCHER.example", "jdoe@xn--bcher-kva.example"),
        ("jdoe@xn--bcher-kva.example", "jdoe@xn--bcher-kva.example"),
        ("jdoe@XN--BCHER-KVA.EXAMPLE", "jdoe@xn--bcher-kva.example"),
        # A full-width dot is a dot in a domain name.
        ("jdoe@bücher\u3002example", "jdoe@xn--bcher-kva.example"),
        # Plain addresses as before.
        ("Jane.Doe+news@Example.org", "jane.doe+news@example.org"),
        ("no-at-sign", "no-at-sign"),
    ],
)
def test_email_canonical_reads_the_parsed_address(typed: str, canonical: str) -> None:
    assert email_canonical(typed) == canonical


@pytest.mark.parametrize(
    "malformed", ["\n+@[_)", "(" * 3000 + "a@b", "a@" + "(" * 3000, '"' + "\\" * 3000 + '"@x.org']
)
def test_email_canonical_of_malformed_input_is_a_string(malformed: str) -> None:
    """The mail parser fails in many ways on such input: the plain form is used instead."""
    assert isinstance(email_canonical(malformed), str)


@pytest.mark.parametrize(
    "spelling",
    ['"jdoe"@gmail.com', '"j\\doe"@gmail.com', '"j.doe"@GMAIL.com'],
)
def test_a_quoted_spelling_cannot_count_twice_for_a_case(case: Case, spelling: str) -> None:
    supporter = Client(REMOTE_ADDR="192.0.2.1")
    stranger = Client(REMOTE_ADDR="192.0.2.2")
    url = act_url(case, "signature")
    first = supporter.post(url, action_form_data("signature", email="jdoe@gmail.com"))
    assert first.status_code == 302
    response = stranger.post(url, action_form_data("signature", email=spelling))

    assert response.status_code == 302
    assert Supporter.objects.count() == 1
    assert Action.objects.filter(case=case, channel="signature").count() == 1


def test_both_spellings_of_an_international_domain_are_one_supporter(case: Case) -> None:
    url = act_url(case, "signature")
    for n, spelling in enumerate(
        ["amira@bücher.example", "amira@xn--bcher-kva.example", "Amira@BÜCHER.example"]
    ):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        response = client.post(url, action_form_data("signature", email=spelling))
        assert response.status_code == 302, spelling

    supporter = Supporter.objects.get()
    assert supporter.email_canonical == "amira@xn--bcher-kva.example"
    assert Action.objects.filter(case=case).count() == 1


def test_the_per_address_limit_counts_every_spelling(case: Case, settings: Any, store: str) -> None:
    settings.RATE_LIMIT_FORM_PER_EMAIL = [(2, 3600)]
    cases = list(Case.objects.filter(campaign=case.campaign).order_by("position"))[:3]
    with time_machine.travel(START, tick=False):
        for n, (each, spelling) in enumerate(
            zip(cases[:2], ["flood@bücher.example", '"flood"@xn--bcher-kva.example'], strict=True)
        ):
            client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
            data = action_form_data("signature", email=spelling)
            assert client.post(act_url(each, "signature"), data).status_code == 302
        before = stored_rows()
        data = action_form_data("signature", email='"flo\\od"@BÜCHER.example')
        refused = Client(REMOTE_ADDR="192.0.2.9").post(act_url(cases[2], "signature"), data)

    assert refused.status_code == 429
    assert stored_rows() == before


def _block(kind: str, typed: str) -> None:
    value = access_rule_value_clean(kind, typed)
    with TestCase.captureOnCommitCallbacks(execute=True):
        access_rule_add(kind=kind, value=value, action=AccessRule.Action.BLOCK)


@pytest.mark.parametrize(
    ("kind", "rule", "email"),
    [
        (AccessRule.Kind.EMAIL, "jdoe@gmail.com", '"jdoe"@gmail.com'),
        (AccessRule.Kind.EMAIL, "jdoe@gmail.com", '"j\\doe"@gmail.com'),
        (AccessRule.Kind.EMAIL, '"jdoe"@gmail.com', "jdoe@gmail.com"),
        (AccessRule.Kind.EMAIL, "bot@bücher.example", "bot@xn--bcher-kva.example"),
        (AccessRule.Kind.EMAIL_DOMAIN, "bücher.example", "bot@xn--bcher-kva.example"),
        (AccessRule.Kind.EMAIL_DOMAIN, "xn--bcher-kva.example", "bot@BÜCHER.example"),
        (AccessRule.Kind.EMAIL_DOMAIN, "BÜCHER.example", "bot@mx.bücher.example"),
    ],
)
def test_a_block_holds_for_every_spelling(case: Case, kind: str, rule: str, email: str) -> None:
    _block(kind, rule)
    before = stored_rows()

    response = Client(REMOTE_ADDR="192.0.2.7").post(
        act_url(case, "signature"), action_form_data("signature", email=email)
    )

    assert response.status_code == 403
    assert stored_rows() == before


def test_the_data_migration_recomputes_and_keeps_supporters_who_now_share_a_form(
    db: Any,
) -> None:
    """Two supporters stored apart under the old form ("jdoe" quoted and not) now share one:
    both rows and their actions stay, and a new submission finds the older one."""
    quoted = SupporterFactory(email='"jdoe"@gmail.com', email_canonical='"jdoe"@gmail.com')
    plain = SupporterFactory(email="jdoe@gmail.com", email_canonical="jdoe@gmail.com")
    international = SupporterFactory(
        email="amira@bücher.example", email_canonical="amira@bücher.example"
    )
    texter = SupporterFactory(email=None, phone="+33612345678", email_canonical="")

    recompute_migration().recompute_canonical(apps, None)

    for supporter, canonical in (
        (quoted, "jdoe@gmail.com"),
        (plain, "jdoe@gmail.com"),
        (international, "amira@xn--bcher-kva.example"),
        (texter, ""),
    ):
        supporter.refresh_from_db()
        assert supporter.email_canonical == canonical
    found, created = supporter_get_or_create(
        email="j.doe@gmail.com", name="Jo", country="FR", language="en"
    )
    assert (found.pk, created) == (quoted.pk, False)


def test_the_migration_copy_agrees_with_the_service() -> None:
    samples = [
        '"J.Doe+w4r"@gmail.com',
        '"j\\doe"@googlemail.com',
        "jdoe(c)@gmail.com",
        "a@BÜCHER.example",
        "a@xn--bcher-kva.example",
        "a..b@ex.org",
        "no-at-sign",
        "x@" + "a." * 200,
    ]
    assert [recompute_migration()._canonical(s) for s in samples] == [
        email_canonical(s) for s in samples
    ]


def test_the_rules_migration_merges_rules_that_now_name_one_mailbox(db: Any) -> None:
    """An allow and a block stored apart under the old forms now name one mailbox or domain:
    one rule stays, and it blocks, as a block already won over an allow."""
    AccessRule.objects.create(
        kind=AccessRule.Kind.EMAIL, value="jdoe@gmail.com", action=AccessRule.Action.ALLOW
    )
    AccessRule.objects.create(
        kind=AccessRule.Kind.EMAIL, value='"jdoe"@gmail.com', action=AccessRule.Action.BLOCK
    )
    AccessRule.objects.create(
        kind=AccessRule.Kind.EMAIL_DOMAIN, value="bücher.example", action=AccessRule.Action.BLOCK
    )
    AccessRule.objects.create(
        kind=AccessRule.Kind.EMAIL_DOMAIN, value="spam.example", action=AccessRule.Action.BLOCK
    )

    rules_migration().recompute_values(apps, None)

    assert sorted(AccessRule.objects.values_list("kind", "value", "action")) == [
        ("email", "jdoe@gmail.com", "block"),
        ("email_domain", "spam.example", "block"),
        ("email_domain", "xn--bcher-kva.example", "block"),
    ]


def test_the_data_migrations_are_reversible() -> None:
    for migration in (recompute_migration(), rules_migration()):
        assert all(operation.reversible for operation in migration.Migration.operations)
