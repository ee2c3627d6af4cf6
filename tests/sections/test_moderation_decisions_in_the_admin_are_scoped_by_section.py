"""A moderator's note can name the writer: a section's staff see only the decisions on their
own section's messages in the admin, international staff all of them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.sections.conftest import Actor
from tests.sections.scoped_records import grant, held_message
from writeathon.campaigns.models import Case
from writeathon.moderation.models import ModerationDecision
from writeathon.usecases.moderation import moderation_decide

LIST = "/admin/moderation/moderationdecision/"


@pytest.fixture
def decisions(case: Case) -> dict[str, ModerationDecision]:
    moderator = get_user_model().objects.create_superuser(username="mod", password="pw-mod-1")
    found = {}
    for key, email, name, country in (
        ("peru", "rosa@peru.example", "Rosa Quispe", "PE"),
        ("jordan", "layla@jordan.example", "Layla Haddad", "JO"),
    ):
        delivery = held_message(case, email=email, name=name, country=country, body="Courage!")
        moderation_decide(
            delivery_ids=[delivery.pk],
            approve=False,
            note=f"Written by {name}, {email}: rejected.",
            user_id=moderator.pk,
        )
        found[key] = ModerationDecision.objects.get(delivery=delivery)
    return found


def test_section_staff_see_only_their_sections_decisions(
    peru_staff: Actor,
    jordan_staff: Actor,
    international_staff: Actor,
    decisions: dict[str, ModerationDecision],
) -> None:
    for actor in (peru_staff, jordan_staff, international_staff):
        grant(actor.user, "moderation.view_moderationdecision")

    peru_list = peru_staff.client.get(LIST).content.decode()
    assert f"{LIST}{decisions['peru'].pk}/change/" in peru_list
    assert f"{LIST}{decisions['jordan'].pk}/change/" not in peru_list
    assert peru_staff.client.get(f"{LIST}{decisions['peru'].pk}/change/").status_code == 200
    other = peru_staff.client.get(f"{LIST}{decisions['jordan'].pk}/change/")
    assert other.status_code == 404
    assert "Layla" not in other.content.decode()
    # Nor through a search of the notes or the list's filters.
    searched = peru_staff.client.get(LIST, {"q": "Layla"}).content.decode()
    assert "layla@jordan.example" not in searched

    jordan_list = jordan_staff.client.get(LIST).content.decode()
    assert f"{LIST}{decisions['jordan'].pk}/change/" in jordan_list
    assert f"{LIST}{decisions['peru'].pk}/change/" not in jordan_list

    everyone = international_staff.client.get(LIST).content.decode()
    for decision in decisions.values():
        assert f"{LIST}{decision.pk}/change/" in everyone


def test_staff_without_a_section_or_without_the_permission_see_none(
    unplaced_staff: Actor, peru_staff: Actor, decisions: dict[str, ModerationDecision]
) -> None:
    grant(unplaced_staff.user, "moderation.view_moderationdecision")
    page = unplaced_staff.client.get(LIST).content.decode()
    for decision in decisions.values():
        assert f"{LIST}{decision.pk}/change/" not in page
        assert unplaced_staff.client.get(f"{LIST}{decision.pk}/change/").status_code == 404
    # Peru's staff without the permission: refused outright.
    assert peru_staff.client.get(LIST).status_code == 403
