"""Each ready role gives its rights and no others, read from the membership at each request:
Paola coordinates Peru, Yousef Jordan, Mona moderates, Eitan runs events, Ana reads
reports and Ines coordinates every section. None holds a permission of their own."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.html import escape

from tests.sections.roles import RoleActor, role_actor
from writeathon.campaigns.models import Campaign
from writeathon.core.vocabulary import Channel
from writeathon.sections.models import Section
from writeathon.sections.roles import EVENT_PERMISSIONS, REPORTS_PERMISSION, ROLES
from writeathon.sections.services import staff_membership_set
from writeathon.usecases.intake import action_submit


@pytest.fixture
def cast(campaign: Campaign) -> dict[str, RoleActor]:
    peru = Section.objects.get(country="PE")
    jordan = Section.objects.get(country="JO")
    return {
        "paola": role_actor("paola", "section_coordinator", section=peru),
        "yousef": role_actor("yousef", "section_coordinator", section=jordan),
        "mona": role_actor("mona", "moderator", section=peru),
        "eitan": role_actor("eitan", "event_manager", section=jordan),
        "ana": role_actor("ana", "analyst", section=peru),
        "ines": role_actor("ines", "international_coordinator", international=True),
    }


def test_each_role_has_its_rights_and_no_others(cast: dict[str, RoleActor]) -> None:
    for actor in cast.values():
        role = ROLES[actor.user.staff_membership.role]
        assert actor.user.get_all_permissions() >= set(role.permissions), actor.name
        assert all(actor.user.has_perm(p) for p in role.permissions), actor.name
    paola, mona, eitan, ana, ines = (
        cast[n].user for n in ("paola", "mona", "eitan", "ana", "ines")
    )
    assert paola.has_perm("delivery.add_printrun") and paola.has_perm("supporters.view_supporter")
    assert not paola.has_perm("campaigns.change_campaign")
    assert not paola.has_perm("moderation.moderate")
    assert mona.has_perm("moderation.moderate") and not mona.has_perm("supporters.view_supporter")
    assert all(eitan.has_perm(p) for p in EVENT_PERMISSIONS)
    assert not eitan.has_perm("moderation.moderate")
    # The analyst reads and changes nothing, and sees nobody's details.
    assert ana.has_perm(REPORTS_PERMISSION)
    assert not [p for p in ana.get_all_permissions() if not p.split(".")[1].startswith("view")]
    assert not ana.has_perm("supporters.view_supporter")
    assert ines.has_perm("campaigns.add_campaign") and ines.has_perm("campaigns.add_target")


def test_pages_follow_the_role(cast: dict[str, RoleActor]) -> None:
    queue = "/staff/moderation/"
    assert cast["mona"].client.get(queue).status_code == 200
    for name in ("paola", "ana", "eitan"):
        assert cast[name].client.get(queue).status_code == 403, name
    window = f"/staff/campaigns/{Campaign.objects.get(slug='write-for-rights-2016').slug}/window/"
    assert cast["ines"].client.get(window).status_code == 200
    for name in ("paola", "mona", "eitan", "ana"):
        assert cast[name].client.get(window).status_code == 403, name
    assert cast["paola"].client.get("/staff/outbox/print-runs/").status_code == 200
    assert cast["ana"].client.get("/staff/outbox/print-runs/").status_code == 403


def test_a_coordinator_sees_only_their_sections_supporters(
    cast: dict[str, RoleActor], campaign: Campaign
) -> None:
    case = campaign.cases.first()
    assert case is not None
    for email, name, country in (
        ("rosa@peru.example", "Rosa Quispe", "PE"),
        ("layla@jordan.example", "Layla Haddad", "JO"),
    ):
        action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email=email,
            name=name,
            country=country,
            language="en",
            base_url="http://testserver",
        )
    peru_list = cast["paola"].client.get("/admin/supporters/supporter/").content.decode()
    jordan_list = cast["yousef"].client.get("/admin/supporters/supporter/").content.decode()
    assert "Rosa Quispe" in peru_list and "Layla Haddad" not in peru_list
    assert "Layla Haddad" in jordan_list and "Rosa Quispe" not in jordan_list
    everyone = cast["ines"].client.get("/admin/supporters/supporter/").content.decode()
    assert "Rosa Quispe" in everyone and "Layla Haddad" in everyone
    # Neither the moderator nor the analyst reads supporters' details.
    for name in ("mona", "ana"):
        assert cast[name].client.get("/admin/supporters/supporter/").status_code == 403, name


def test_a_new_role_counts_at_the_next_request(cast: dict[str, RoleActor]) -> None:
    ana = cast["ana"]
    assert ana.client.get("/staff/moderation/").status_code == 403
    staff_membership_set(user=ana.user, section=ana.user.staff_membership.section, role="moderator")
    assert ana.client.get("/staff/moderation/").status_code == 200


def test_the_international_role_needs_an_international_membership(
    cast: dict[str, RoleActor],
) -> None:
    peru = Section.objects.get(country="PE")
    with pytest.raises(ValidationError):
        staff_membership_set(
            user=cast["paola"].user, section=peru, role="international_coordinator"
        )


def test_the_roles_page_lists_each_roles_rights_in_plain_words(
    cast: dict[str, RoleActor], client: Client, db: Any
) -> None:
    response = cast["paola"].client.get("/staff/roles/")
    assert response.status_code == 200
    html = response.content.decode()
    for role in ROLES.values():
        assert escape(str(role.name)) in html
        for right in role.rights:
            assert escape(str(right.words)) in html
    assert "your role" in html
    assert client.get("/staff/roles/").status_code == 302  # visitors sign in first


def test_international_staff_give_a_role_in_the_admin(cast: dict[str, RoleActor]) -> None:
    """Ines gives Omar, new to Jordan's staff, the analyst's role on the admin's page."""
    from django.contrib.auth import get_user_model

    omar = get_user_model().objects.create_user(username="omar", password="x", is_staff=True)
    jordan = Section.objects.get(country="JO")
    response = cast["ines"].client.post(
        "/admin/sections/staffmembership/add/",
        {"user": str(omar.pk), "section": str(jordan.pk), "role": "analyst"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    omar = get_user_model().objects.get(pk=omar.pk)
    assert omar.staff_membership.role == "analyst"
    assert omar.has_perm(REPORTS_PERMISSION)
    assert not omar.has_perm("supporters.view_supporter")
    # A section's coordinator cannot hand out roles.
    refused = cast["paola"].client.post(
        "/admin/sections/staffmembership/add/",
        {"user": str(omar.pk), "section": str(jordan.pk), "role": "international_coordinator"},
    )
    assert refused.status_code == 403
    omar.staff_membership.refresh_from_db()
    assert omar.staff_membership.role == "analyst"
