"""Reads of campaigns and cases for the public site, with language fallbacks."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from writeathon.campaigns.models import Appeal, Campaign, CampaignText, Case, Outcome, Target
from writeathon.core.cache import cache_get, cache_set

_Texts = TypeVar("_Texts", Appeal, CampaignText)
_T = TypeVar("_T")

# Campaign and case content is read on every public page and changes seldom: it is cached
# for a minute, and every change made through the services or the admin drops it at once.
CONTENT_TTL_SECONDS = 60
_VERSION_KEY = "campaign-content:version"


def _content_version_bump() -> None:
    cache_set(_VERSION_KEY, uuid.uuid4().hex, None)


def content_changed() -> None:
    """Make the next page read campaigns and cases afresh (after any staff change).

    Now, and again once the caller's transaction commits, so that a page read in between
    cannot put the old content back in the cache.
    """
    _content_version_bump()
    transaction.on_commit(_content_version_bump)


def content_version() -> str:
    """Which edition of the campaign content is current: it changes with every change made
    through the services or the admin (content_changed). What is cached from the content
    (the counters list the published cases) puts it in its cache key."""
    return str(cache_get(_VERSION_KEY) or "0")


def _cached(name: str, load: Callable[[], _T]) -> _T:
    version = content_version()
    key = f"campaign-content:{version}:{name}"
    hit = cache_get(key)
    if isinstance(hit, tuple):  # stored as a 1-tuple, so that None is cached too
        value: _T = hit[0]
        return value
    value = load()
    cache_set(key, (value,), CONTENT_TTL_SECONDS)
    return value


def _pick_language(items: list[_Texts], language: str, default_language: str) -> _Texts | None:
    """The item in the reader's language, else the campaign's default, else any."""
    by_language = {item.language: item for item in items}
    for code in (language, language.split("-")[0], default_language):
        if code in by_language:
            return by_language[code]
    return items[0] if items else None


def _campaign_current() -> Campaign | None:
    for status in (Campaign.Status.OPEN, Campaign.Status.CLOSED):
        campaign = (
            Campaign.objects.filter(status=status)
            .order_by("-starts_on", "-pk")
            .prefetch_related("texts")
            .first()
        )
        if campaign is not None:
            return campaign
    return None


def campaign_current() -> Campaign | None:
    """The campaign the home page shows: the newest open one, else the newest closed one."""
    return _cached("current", _campaign_current)


def campaign_get_public(*, slug: str) -> Campaign:
    campaign = _cached(
        f"campaign:{slug}",
        lambda: (
            Campaign.objects.exclude(status=Campaign.Status.DRAFT)
            .filter(slug=slug)
            .prefetch_related("texts")
            .first()
        ),
    )
    if campaign is None:
        raise Http404("No such campaign.")
    return campaign


def campaign_text(*, campaign: Campaign, language: str) -> CampaignText | None:
    return _pick_language(list(campaign.texts.all()), language, campaign.default_language)


def campaign_past_editions(*, exclude: Campaign | None = None) -> list[Campaign]:
    """Closed campaigns, oldest first, for the history chart."""

    def load() -> list[Campaign]:
        editions = Campaign.objects.filter(status=Campaign.Status.CLOSED)
        if exclude is not None:
            editions = editions.exclude(pk=exclude.pk)
        return list(editions.order_by("starts_on", "pk").prefetch_related("texts"))

    return _cached(f"editions:{exclude.pk if exclude else ''}", load)


def _published_cases(campaign: Campaign) -> QuerySet[Case]:
    return (
        Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED)
        .select_related("campaign")
        .prefetch_related(
            "appeals",
            Prefetch("targets", queryset=Target.objects.order_by("position", "pk")),
            Prefetch("outcomes", queryset=Outcome.objects.filter(is_published=True)),
        )
    )


def case_list_published(*, campaign: Campaign, section_id: int | None = None) -> list[Case]:
    """The campaign's published cases for its own page; with `section_id`, a section's page:
    the campaign's cases and the section's own (a section's own case is on no other page)."""
    return _cached(
        f"cases:{campaign.pk}:{section_id or ''}",
        lambda: list(
            _published_cases(campaign).filter(Q(section__isnull=True) | Q(section_id=section_id))
            if section_id is not None
            else _published_cases(campaign).filter(section__isnull=True)
        ),
    )


def case_get_published(*, campaign: Campaign, slug: str) -> Case:
    case = _cached(
        f"case:{campaign.pk}:{slug}", lambda: _published_cases(campaign).filter(slug=slug).first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


def case_get_public(*, campaign_slug: str, case_slug: str) -> Case:
    """A published case of a public campaign, in one query and without its texts.

    For writes: acting on a case needs the case and its campaign, not its story.
    """
    case = (
        Case.objects.select_related("campaign")
        .filter(campaign__slug=campaign_slug, slug=case_slug, status=Case.Status.PUBLISHED)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


def case_appeal(*, case: Case, language: str) -> Appeal | None:
    return _pick_language(list(case.appeals.all()), language, case.campaign.default_language)


def case_primary_target(*, case: Case) -> Target | None:
    targets = list(case.targets.all())
    return targets[0] if targets else None


def case_next_after(*, case: Case) -> Case | None:
    """The published case that follows this one in its campaign, wrapping around."""
    cases = [c for c in case_list_published(campaign=case.campaign) if c.pk != case.pk]
    later = [c for c in cases if (c.position, c.pk) > (case.position, case.pk)]
    following = later or cases
    return following[0] if following else None
