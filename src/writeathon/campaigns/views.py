"""Public pages of a campaign and its cases."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from writeathon.actions.forms import (
    ACTION_FORMS,
    SupporterFieldsForm,
    country_from_accept_language,
)
from writeathon.campaigns.models import Campaign, Case, Target
from writeathon.campaigns.selectors import (
    campaign_current,
    campaign_get_public,
    campaign_past_editions,
    campaign_text,
    case_appeal,
    case_get_published,
    case_list_published,
    case_primary_target,
)
from writeathon.core.vocabulary import Channel
from writeathon.reporting.models import FunnelCount
from writeathon.reporting.selectors import counter_snapshot
from writeathon.reporting.services import funnel_hit


def site_url(request: HttpRequest) -> str:
    """The site's absolute base address: the configured one, else this request's host."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def _language() -> str:
    return get_language() or "en"


def history_bars(campaign: Campaign, total: int) -> list[dict[str, Any]]:
    """Past editions and this one, as bars scaled to the largest total."""
    rows: list[dict[str, Any]] = []
    for edition in campaign_past_editions(exclude=campaign):
        rows.append(
            {
                "label": edition.starts_on.year if edition.starts_on else edition.name,
                "cases": edition.offline_case_count,
                "total": edition.offline_total,
                "approximate": edition.total_is_approximate,
                "current": False,
            }
        )
    if campaign.status != Campaign.Status.CLOSED:
        rows.append(
            {
                "label": campaign.starts_on.year if campaign.starts_on else campaign.name,
                "cases": None,
                "total": total,
                "approximate": False,
                "current": True,
            }
        )
    rows.sort(key=lambda row: str(row["label"]))
    peak = max((row["total"] for row in rows), default=0) or 1
    for row in rows:
        row["percent"] = max(1, round(row["total"] * 100 / peak)) if row["total"] else 0
    return rows


def campaign_page(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    language = _language()
    cases = case_list_published(campaign=campaign)
    counter = counter_snapshot(campaign=campaign)
    context = {
        "campaign": campaign,
        "text": campaign_text(campaign=campaign, language=language),
        "cases": [
            {
                "case": case,
                "appeal": case_appeal(case=case, language=language),
                "total": counter.cases.get(case.slug, 0),
            }
            for case in cases
        ],
        "counter": counter,
        "history": history_bars(campaign, counter.total),
    }
    return render(request, "campaigns/campaign.html", context)


def home(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    if campaign is None:
        return render(request, "campaigns/no_campaign.html")
    return campaign_page(request, campaign)


def campaign_detail(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    return campaign_page(request, campaign_get_public(slug=campaign_slug))


LETTER_CHANNELS = (Channel.EMAIL, Channel.FAX, Channel.LETTER)
"""The ways to act whose form starts from the appeal's sample letter."""


def case_ways_to_act(case: Case) -> dict[str, Target | None]:
    """The channels a supporter can use on this case, each with the official it reaches.

    A fax, a posted letter or a social media post needs an official with a fax number, a
    postal address or a handle; email, solidarity messages and signatures are always open.
    """
    targets = list(case.targets.all())

    def first_with(attribute: str) -> Target | None:
        return next((t for t in targets if str(getattr(t, attribute)).strip()), None)

    primary = targets[0] if targets else None
    ways: dict[str, Target | None] = {
        Channel.EMAIL.value: primary,
        Channel.FAX.value: first_with("fax"),
        Channel.LETTER.value: first_with("postal_address"),
        Channel.TWEET.value: first_with("social_handle"),
        Channel.SOLIDARITY.value: None,
        Channel.SIGNATURE.value: primary,
    }
    needs_target = {Channel.FAX.value, Channel.LETTER.value, Channel.TWEET.value}
    return {
        channel: target
        for channel, target in ways.items()
        if channel in ACTION_FORMS and (channel not in needs_target or target is not None)
    }


def social_handle_display(handle: str) -> str:
    """A handle as people write it in a post, with its @ ("amnesty" -> "@amnesty")."""
    handle = handle.strip()
    return handle if not handle or handle.startswith("@") else f"@{handle}"


def tweet_intent_url(*, text: str, handle: str, url: str) -> str:
    """A link that opens a prefilled post: the text, the official's @handle, the case page.

    A web intent needs no API key: the supporter posts from their own account.
    """
    handle = social_handle_display(handle)
    post = " ".join(part for part in (text.strip(), handle, url) if part)
    base = getattr(settings, "TWEET_INTENT_URL", "https://twitter.com/intent/tweet")
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}{urlencode({'text': post}, quote_via=quote)}"


def case_page_context(
    case: Case, bound: SupporterFieldsForm | None = None, country: str = "", case_url: str = ""
) -> dict[str, Any]:
    """Everything the case page shows; `bound` is a submitted form to show with its errors,
    `country` the country to offer first, `case_url` the page's absolute address (for posts
    that link to it)."""
    language = _language()
    appeal = case_appeal(case=case, language=language)
    target = case_primary_target(case=case)
    ways = case_ways_to_act(case)
    forms: dict[str, SupporterFieldsForm] = {}
    for channel, form_class in ACTION_FORMS.items():
        if bound is not None and bound.channel == channel:
            forms[channel] = bound
            continue
        initial: dict[str, str] = {"country": country}
        if channel in LETTER_CHANNELS and appeal is not None:
            initial |= {"subject": appeal.letter_subject, "body": appeal.letter_body}
        forms[channel] = form_class(initial=initial)
    if appeal is not None and appeal.solidarity_guidance:
        guidance: str = appeal.solidarity_guidance
        if appeal.language != language:
            guidance = format_html(
                '<span lang="{}" dir="auto">{}</span>', appeal.language, guidance
            )
        forms[Channel.SOLIDARITY].fields["body"].help_text = guidance
    tweet_target = ways.get(Channel.TWEET)
    tweet_text = (appeal.short_text if appeal else "") or case.name
    counter = counter_snapshot(campaign=case.campaign)
    return {
        "campaign": case.campaign,
        "case": case,
        "appeal": appeal,
        "target": target,
        "ways": ways,
        "fax_target": ways.get(Channel.FAX),
        "letter_target": ways.get(Channel.LETTER),
        "tweet_target": tweet_target,
        "tweet_text": tweet_text,
        "tweet_handle": social_handle_display(tweet_target.social_handle) if tweet_target else "",
        "tweet_url": (
            tweet_intent_url(
                text=tweet_text,
                handle=tweet_target.social_handle,
                url=case_url or settings.SITE_URL + case.get_absolute_url(),
            )
            if tweet_target is not None
            else ""
        ),
        **{f"{channel}_form": form for channel, form in forms.items()},
        "counter": counter,
        "case_total": counter.cases.get(case.slug, 0),
        # Filtered here too: a case loaded for a form shown with errors has no prefetch.
        "outcomes": [outcome for outcome in case.outcomes.all() if outcome.is_published],
        "can_act": case.campaign.is_open,
        # Where the language picker returns to: a form sent with errors is shown at the
        # address it was posted to, which cannot be opened again with GET.
        "page_url": case.get_absolute_url(),
    }


def case_detail(request: HttpRequest, campaign_slug: str, case_slug: str) -> HttpResponse:
    campaign = campaign_get_public(slug=campaign_slug)
    case = case_get_published(campaign=campaign, slug=case_slug)
    country = country_from_accept_language(request.headers.get("Accept-Language", ""))
    context = case_page_context(
        case, country=country, case_url=site_url(request) + case.get_absolute_url()
    )
    # The first step of the staff reports' funnel: a cache increment, no database write.
    funnel_hit(stage=FunnelCount.Stage.VIEWED, case_id=case.pk, day=timezone.localdate())
    return render(request, "campaigns/case.html", context)
