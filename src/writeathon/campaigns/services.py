"""Writes for campaigns and cases: publishing and the sample campaign."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction

from writeathon.campaigns import sample_content
from writeathon.campaigns.models import Appeal, Campaign, CampaignText, Case, Target
from writeathon.campaigns.selectors import content_changed
from writeathon.sections.services import section_samples_load


@transaction.atomic
def case_set_status(*, case: Case, status: Case.Status) -> bool:
    """Publish or unpublish a case; returns whether anything changed."""
    changed = Case.objects.filter(pk=case.pk).exclude(status=status).update(status=status)
    _published(case.campaign)
    return bool(changed)


@transaction.atomic
def campaign_set_status(*, campaign: Campaign, status: Campaign.Status) -> bool:
    """Open, close or return a campaign to draft; returns whether anything changed."""
    changed = Campaign.objects.filter(pk=campaign.pk).exclude(status=status).update(status=status)
    _published(campaign)
    return bool(changed)


def _published(campaign: Campaign) -> None:
    """Show a change on the public pages, counters included (their cache key follows the
    content's version)."""
    content_changed()


def _texts(campaign: Campaign, names: dict[str, str], **extra: dict[str, str]) -> None:
    for language, title in names.items():
        CampaignText.objects.update_or_create(
            campaign=campaign,
            language=language,
            defaults={"title": title, **{key: value[language] for key, value in extra.items()}},
        )


@transaction.atomic
def sample_campaign_load(*, progress: Callable[[str], None] | None = None) -> Campaign:
    """Create or refresh the sample campaign and past editions. Safe to run again."""
    report = progress or (lambda _step: None)
    for edition in sample_content.PAST_EDITIONS:
        past, _ = Campaign.objects.update_or_create(
            slug=edition["slug"],
            defaults={
                "name": edition["name"]["en"],
                "status": Campaign.Status.CLOSED,
                "starts_on": date(edition["year"], 11, 1),
                "ends_on": date(edition["year"] + 1, 1, 31),
                "offline_total": edition["total"],
                "offline_case_count": edition["cases"],
                "total_is_approximate": edition["approximate"],
            },
        )
        _texts(past, edition["name"])
        report(f"edition {edition['year']}")
    data = sample_content.CAMPAIGN
    campaign, _ = Campaign.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"]["en"],
            "status": Campaign.Status.OPEN,
            "starts_on": date.fromisoformat(data["starts_on"]),
            "ends_on": date.fromisoformat(data["ends_on"]),
            "goal": data["goal"],
            "default_language": data["default_language"],
        },
    )
    _texts(campaign, data["name"], tagline=data["tagline"], intro=data["intro"])
    for position, item in enumerate(sample_content.CASES):
        case, _ = Case.objects.update_or_create(
            campaign=campaign,
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "country": item["country"],
                "category": item["category"],
                "status": Case.Status.PUBLISHED,
                "position": position,
                # Texting the first word of the case's name to the campaign number acts on it.
                "sms_keyword": item["slug"].split("-")[0].upper(),
            },
        )
        target = item["target"]
        Target.objects.update_or_create(
            case=case,
            position=0,
            defaults={
                "name": target["name"],
                "title": target["title"],
                "office": target["office"],
                "postal_address": target["address"],
                "email": target["email"],
                "fax": target["fax"],
                "social_handle": target["social_handle"],
                "language": target["language"],
            },
        )
        for language, appeal in item["appeals"].items():
            Appeal.objects.update_or_create(case=case, language=language, defaults=dict(appeal))
        report(f"case {item['name']}")
    # Two national sections, so that the demo shows staff who see only their own.
    section_samples_load()
    _published(campaign)
    return campaign
