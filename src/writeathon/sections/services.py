"""Writes for sections and staff memberships."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from writeathon.sections.models import Section, StaffMembership
from writeathon.sections.selectors import sections_forget

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Two sample sections for the demo: supporters from these countries join them
# (writeathon.usecases.sections).
SAMPLE_SECTIONS = [
    {
        "country": "PE",
        "name": "Writeathon Peru",
        "short_name": "Peru",
        "languages": ["es"],
        "accent_colour": "#ffcc00",
        "slug": "peru",
        "default_language": "es",
        "intro": {
            "es": "En Perú escribimos juntos: en escuelas, bibliotecas y en casa.",
            "en": "In Peru we write together: in schools, libraries and at home.",
        },
    },
    {
        "country": "JO",
        "name": "Writeathon Jordan",
        "short_name": "Jordan",
        "languages": ["ar", "en"],
        "accent_colour": "#ffff00",
        "slug": "jordan",
        "default_language": "ar",
        "intro": {
            "ar": "في الأردن نكتب معًا من أجل من تتعرض حقوقهم للخطر.",
            "en": "In Jordan we write together for people whose rights are under threat.",
        },
    },
]


@transaction.atomic
def section_store(*, section: Section) -> Section:
    """Store a new or edited section. Its country's supporters without a section join it
    through writeathon.usecases.sections.section_save, which staff pages call."""
    section.full_clean()
    section.save()
    transaction.on_commit(sections_forget)
    return section


@transaction.atomic
def staff_membership_set(
    *, user: User, section: Section | None = None, is_international: bool = False
) -> StaffMembership:
    """Put a staff account in `section`, or make it international (sees every section)."""
    membership = StaffMembership.objects.filter(user=user).first() or StaffMembership(user=user)
    membership.section = section
    membership.is_international = is_international
    membership.full_clean()
    membership.save()
    return membership


def section_samples_load() -> list[Section]:
    """Create or refresh the sample sections (Peru, Jordan). Safe to run again."""
    sections = []
    for data in SAMPLE_SECTIONS:
        section = Section.objects.filter(country=data["country"]).first() or Section()
        for field, value in data.items():
            setattr(section, field, value)
        sections.append(section_store(section=section))
    return sections
