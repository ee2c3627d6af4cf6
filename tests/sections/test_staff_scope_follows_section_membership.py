"""The one rule, asked directly: whose records each actor may see."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import SAMPLE_BODY
from tests.sections.conftest import Actor, People
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.sections.access import ALL_SECTIONS, NOTHING, Scope, scope_queryset, staff_scope
from writeathon.sections.models import Section
from writeathon.sections.services import staff_membership_set
from writeathon.supporters.models import Consent, Supporter
from writeathon.usecases.intake import action_submit

pytestmark = pytest.mark.django_db


def _emails(user: Any, model: type[Any], section_path: str, email_path: str) -> set[str]:
    rows = scope_queryset(user, model.objects.all(), section_path=section_path)
    return set(rows.values_list(email_path, flat=True))


def test_a_sections_staff_see_their_section_only(
    peru_staff: Actor, jordan_staff: Actor, peru: Section, jordan: Section, people: People
) -> None:
    assert staff_scope(peru_staff.user) == Scope(section_ids=frozenset({peru.pk}))
    assert staff_scope(jordan_staff.user) == Scope(section_ids=frozenset({jordan.pk}))

    peruvians = {"rosa@peru.example", "diego@peru.example"}
    assert _emails(peru_staff.user, Supporter, "section", "email") == peruvians
    assert _emails(peru_staff.user, Action, "supporter__section", "supporter__email") == peruvians
    assert _emails(peru_staff.user, Consent, "supporter__section", "supporter__email") == peruvians
    assert _emails(jordan_staff.user, Supporter, "section", "email") == {
        "layla@jordan.example",
        "omar@jordan.example",
    }


def test_international_staff_and_superusers_see_every_section_and_none(
    international_staff: Actor, people: People
) -> None:
    superuser = get_user_model().objects.create_superuser(username="root", password="pw-root-1")
    everyone = {s.email for s in people.everyone}
    for user in (international_staff.user, superuser):
        assert staff_scope(user) == ALL_SECTIONS
        # Claire's France has no section: international staff still see her.
        assert _emails(user, Supporter, "section", "email") == everyone


def test_supporters_visitors_and_staff_without_a_section_see_nothing(
    supporter: Actor, anonymous_visitor: Actor, unplaced_staff: Actor, people: People
) -> None:
    for actor in (supporter, anonymous_visitor, unplaced_staff):
        assert staff_scope(actor.user) == NOTHING, actor.name
        assert _emails(actor.user, Supporter, "section", "email") == set(), actor.name
        assert _emails(actor.user, Action, "supporter__section", "supporter__email") == set()


def test_a_deactivated_staff_account_sees_nothing(peru_staff: Actor, people: People) -> None:
    peru_staff.user.is_active = False
    assert staff_scope(peru_staff.user) == NOTHING


def test_membership_changes_take_effect_at_once(
    peru_staff: Actor, jordan: Section, people: People
) -> None:
    staff_membership_set(user=peru_staff.user, section=jordan)
    assert _emails(peru_staff.user, Supporter, "section", "email") == {
        "layla@jordan.example",
        "omar@jordan.example",
    }


def test_any_model_is_scoped_by_the_path_to_its_section(
    peru_staff: Actor, case: Case, people: People
) -> None:
    """Deliveries reach a section through their action's supporter."""
    for writer in (people.rosa, people.layla):
        Supporter.objects.filter(pk=writer.pk).update(confirmed_at=timezone.now())
        action_submit(
            case=case,
            channel=Channel.EMAIL,
            email=str(writer.email),
            name=writer.name,
            country=str(writer.country),
            language="en",
            base_url="http://testserver",
            subject="Release Shawkan",
            body=SAMPLE_BODY,
            browser_owner_id=writer.pk,  # each in their own browser: counted at once
        )
    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    assert set(letters.values_list("action__supporter__email", flat=True)) == {
        "rosa@peru.example",
        "layla@jordan.example",
    }

    seen = scope_queryset(peru_staff.user, letters, section_path="action__supporter__section")
    assert set(seen.values_list("action__supporter__email", flat=True)) == {"rosa@peru.example"}
