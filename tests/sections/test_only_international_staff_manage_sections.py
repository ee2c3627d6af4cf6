"""Sections and memberships are managed by international staff: a section's staff cannot make
themselves international or move into another section. What is typed is checked, with a clear
message, and nothing is stored from a refused form."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from tests.factories import SupporterFactory
from tests.sections.conftest import Actor
from writeathon.sections.models import Section, StaffMembership
from writeathon.sections.services import staff_membership_set

pytestmark = pytest.mark.django_db

SECTION_PERMISSIONS = [
    "add_section",
    "change_section",
    "view_section",
    "add_staffmembership",
    "change_staffmembership",
    "view_staffmembership",
]


def _may_manage_sections(actor: Actor) -> None:
    actor.user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="sections", codename__in=SECTION_PERMISSIONS
        )
    )


def _section_form(**fields: Any) -> dict[str, Any]:
    return {
        "name": "Writeathon Kenya",
        "short_name": "Kenya",
        "country": "KE",
        "languages": ["en"],
        "accent_colour": "#ffcc00",
    } | fields


def test_international_staff_create_a_section_that_gathers_its_supporters(
    international_staff: Actor,
) -> None:
    _may_manage_sections(international_staff)
    kenyan = SupporterFactory(country="KE")

    response = international_staff.client.post("/admin/sections/section/add/", _section_form())

    assert response.status_code == 302, response.content
    kenya = Section.objects.get(country="KE")
    assert (kenya.languages, kenya.accent_colour) == (["en"], "#ffcc00")
    kenyan.refresh_from_db()
    assert kenyan.section == kenya


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"accent_colour": "yellow"}, "six hexadecimal digits"),
        ({"accent_colour": "#ffcc0"}, "six hexadecimal digits"),
        ({"accent_colour": "#ggcc00"}, "six hexadecimal digits"),
        ({"languages": ["xx"]}, "Select a valid choice"),
        ({"country": "ZZ"}, "Select a valid choice"),
        ({"country": "PE"}, "already exists"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_a_section_form_with_bad_values_is_refused_clearly(
    international_staff: Actor, fields: dict[str, Any], message: str
) -> None:
    _may_manage_sections(international_staff)
    before = Section.objects.count()

    response = international_staff.client.post(
        "/admin/sections/section/add/", _section_form(**fields)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Section.objects.count() == before


def test_the_model_refuses_unknown_or_repeated_languages(peru: Section) -> None:
    for languages in (["xx"], ["es", "es"], "es", [1]):
        peru.languages = languages
        with pytest.raises(ValidationError):
            peru.full_clean()


def test_a_sections_staff_cannot_manage_sections_or_memberships(
    peru_staff: Actor, jordan: Section
) -> None:
    _may_manage_sections(peru_staff)
    membership = StaffMembership.objects.get(user=peru_staff.user)
    client = peru_staff.client

    assert client.post("/admin/sections/section/add/", _section_form()).status_code == 403
    make_international = client.post(
        f"/admin/sections/staffmembership/{membership.pk}/change/",
        {"user": str(peru_staff.user.pk), "section": str(jordan.pk), "is_international": "on"},
    )
    assert make_international.status_code == 403
    membership.refresh_from_db()
    assert (
        membership.section.country.code if membership.section else "",
        membership.is_international,
    ) == ("PE", False)


def test_international_staff_give_a_newcomer_a_section(
    international_staff: Actor, unplaced_staff: Actor, peru: Section
) -> None:
    _may_manage_sections(international_staff)

    response = international_staff.client.post(
        "/admin/sections/staffmembership/add/",
        {"user": str(unplaced_staff.user.pk), "section": str(peru.pk)},
    )

    assert response.status_code == 302, response.content
    assert StaffMembership.objects.get(user=unplaced_staff.user).section == peru


def test_a_membership_needs_a_section_unless_international(unplaced_staff: Actor) -> None:
    with pytest.raises(ValidationError):
        staff_membership_set(user=unplaced_staff.user)
    assert not StaffMembership.objects.filter(user=unplaced_staff.user).exists()
