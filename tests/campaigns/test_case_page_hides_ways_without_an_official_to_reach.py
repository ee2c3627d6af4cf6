"""Fax, post and social media show only when an official of the case has a fax number, a postal
address or a handle; email, solidarity and signature are always offered."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import AppealFactory, CaseFactory, TargetFactory
from writeathon.campaigns.models import Case


@pytest.fixture
def bare_case(db: None) -> Case:
    """A case whose only official can be reached by email alone."""
    case = CaseFactory()
    AppealFactory(case=case)
    TargetFactory(case=case, fax="", postal_address="", social_handle="")
    return case


def ways_on_page(client: Client, case: Case) -> list[str]:
    html = client.get(case.get_absolute_url()).content.decode()
    ways: list[str] = re.findall(r'<div class="way" id="act-(\w+)"', html)
    # Each way has its box on the one form.
    assert re.findall(r'<input type="checkbox" name="ways" value="(\w+)"', html) == ways
    return ways


def test_no_fax_address_or_handle_hides_those_ways(client: Client, bare_case: Case) -> None:
    assert ways_on_page(client, bare_case) == ["email", "solidarity", "signature"]
    html = client.get(bare_case.get_absolute_url()).content.decode()
    for channel in ("fax", "letter", "tweet"):
        assert f'value="{channel}"' not in html
        assert f'name="{channel}-subject"' not in html
    assert "intent/tweet" not in html


def test_a_case_with_no_official_still_offers_the_other_ways(client: Client, db: None) -> None:
    case = CaseFactory()
    AppealFactory(case=case)
    assert ways_on_page(client, case) == ["email", "solidarity", "signature"]


@pytest.mark.parametrize(
    ("field", "value", "channel"),
    [
        ("fax", "+1 555 0199", "fax"),
        ("postal_address", "1 Main Street\nSantiago", "letter"),
        ("social_handle", "ana_official", "tweet"),
    ],
)
def test_any_official_with_the_detail_shows_the_way(
    client: Client, bare_case: Case, field: str, value: str, channel: str
) -> None:
    # The second official, not the first, has the detail.
    TargetFactory(case=bare_case, name="Second Official", position=9, **{field: value})
    assert ways_on_page(client, bare_case) == [
        "email",
        *(c for c in ("fax", "letter", "tweet") if c == channel),
        "solidarity",
        "signature",
    ]
    html = client.get(bare_case.get_absolute_url()).content.decode()
    section = html.split(f'id="act-{channel}"')[1].split('<div class="way"')[0]
    if channel != "tweet":
        assert "Second Official" in section


def test_blank_details_do_not_count(client: Client, bare_case: Case) -> None:
    TargetFactory(case=bare_case, fax="   ", postal_address="\n", social_handle=" ")
    assert ways_on_page(client, bare_case) == ["email", "solidarity", "signature"]
