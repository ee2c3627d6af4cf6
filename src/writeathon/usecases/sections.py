"""Sections and their supporters: a section saved is given its country's supporters."""

from __future__ import annotations

from django.db import transaction

from writeathon.sections.models import Section
from writeathon.sections.services import section_save as section_store
from writeathon.supporters.services import supporters_section_attach


@transaction.atomic
def section_save(*, section: Section) -> Section:
    """Store a new or edited section, and attach its country's supporters without one."""
    section_store(section=section)
    supporters_section_attach(section=section)
    return section
