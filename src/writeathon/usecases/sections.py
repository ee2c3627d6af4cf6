"""Sections and the supporters who belong to them: a section that is stored takes in its
country's supporters who have none yet."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from writeathon.campaigns.models import Campaign
from writeathon.campaigns.services import sample_campaign_load as campaign_sample_load
from writeathon.events.sample_events import sample_events_load
from writeathon.sections.models import Section
from writeathon.sections.services import SAMPLE_SECTIONS, section_store
from writeathon.supporters.services import supporters_section_join


@transaction.atomic
def section_save(*, section: Section) -> Section:
    """Store a new or edited section, and attach its country's supporters without one."""
    section_store(section=section)
    supporters_section_join(section=section)
    return section


@transaction.atomic
def sample_campaign_load(*, progress: Callable[[str], None] | None = None) -> Campaign:
    """Create or refresh the sample campaign with its two sample sections, which take in
    their countries' supporters without a section, and its sample write-a-thons. Safe to
    run again."""
    campaign = campaign_sample_load(progress=progress)
    countries = [data["country"] for data in SAMPLE_SECTIONS]
    for section in Section.objects.filter(country__in=countries):
        supporters_section_join(section=section)
    sample_events_load(campaign=campaign)
    return campaign
