"""Reads for sections."""

from __future__ import annotations

from writeathon.sections.models import Section


def section_for_country(*, country: str) -> Section | None:
    """The section running the campaign in `country` (an ISO code), if there is one."""
    if not country:
        return None
    return Section.objects.filter(country=country.upper()).first()
