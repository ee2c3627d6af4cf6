"""Reads for sections."""

from __future__ import annotations

from writeathon.core.cache import cache_delete, cache_get, cache_set
from writeathon.sections.models import Section


def section_for_country(*, country: str) -> Section | None:
    """The section running the campaign in `country` (an ISO code), if there is one."""
    if not country:
        return None
    return Section.objects.filter(country=country.upper()).first()


_SECTIONS_KEY = "sections:public:v1"
# A section's page, theme and host name show a staff edit within this time on every process.
SECTIONS_CACHE_SECONDS = 30


def _public_sections() -> dict[str, Section]:
    cached = cache_get(_SECTIONS_KEY)
    if isinstance(cached, dict):
        return cached
    sections = {str(s.slug): s for s in Section.objects.exclude(slug__isnull=True).exclude(slug="")}
    cache_set(_SECTIONS_KEY, sections, SECTIONS_CACHE_SECONDS)
    return sections


def sections_forget() -> None:
    """Drop the cached sections (after a staff edit), so the change shows at once here."""
    cache_delete(_SECTIONS_KEY)


def section_get_public(*, slug: str) -> Section | None:
    """The section with its own page at /sections/<slug>/."""
    return _public_sections().get(slug)


def section_for_host(*, host: str) -> Section | None:
    """The section whose own host name this is (the port ignored, any case)."""
    name = host.split(":", 1)[0].lower().rstrip(".")
    if not name:
        return None
    return next((s for s in _public_sections().values() if s.host_name == name), None)
