"""A supporter belongs to the section running the campaign in their country: set when they
first act, given to a section created later, and filled in for rows older than sections."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from tests.factories import SupporterFactory, act_url, action_form_data
from tests.sections.conftest import act
from writeathon.campaigns.models import Case
from writeathon.sections.models import Section
from writeathon.supporters.models import Supporter
from writeathon.usecases.sections import section_save

pytestmark = pytest.mark.django_db


def test_a_new_supporter_from_peru_joins_the_peru_section(case: Case, peru: Section) -> None:
    action = act(case, email="rosa@peru.example", name="Rosa Quispe", country="PE")
    assert action.supporter is not None
    assert action.supporter.section == peru


def test_a_supporter_acting_through_the_public_form_joins_their_section(
    client: Any, case: Case, jordan: Section
) -> None:
    response = client.post(
        act_url(case, "signature"),
        action_form_data("signature", email="layla@jordan.example", country="JO"),
    )
    assert response.status_code == 302
    assert Supporter.objects.get(email="layla@jordan.example").section == jordan


def test_a_supporter_from_a_country_without_a_section_has_none(case: Case) -> None:
    action = act(case, email="claire@france.example", name="Claire Martin", country="FR")
    assert action.supporter is not None
    assert action.supporter.section is None


def test_a_section_created_later_is_given_its_countrys_supporters(case: Case) -> None:
    kenyan = SupporterFactory(country="KE")
    french = SupporterFactory(country="FR")

    kenya = section_save(section=Section(name="Writeathon Kenya", short_name="Kenya", country="KE"))

    kenyan.refresh_from_db()
    french.refresh_from_db()
    assert (kenyan.section, french.section) == (kenya, None)


def test_the_migration_fills_the_section_of_older_rows_and_can_be_undone(
    peru: Section,
) -> None:
    migration = importlib.import_module("writeathon.supporters.migrations.0006_supporter_section")
    older = SupporterFactory(country="PE")  # a row stored without a section, as before
    elsewhere = SupporterFactory(country="FR")
    assert older.section is None

    migration.sections_fill(apps, None)
    older.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (older.section, elsewhere.section) == (peru, None)

    migration.sections_empty(apps, None)
    older.refresh_from_db()
    assert older.section is None
