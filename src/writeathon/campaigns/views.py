"""Public pages of a campaign and its cases."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from writeathon.actions.forms import (
    ACTION_FORMS,
    SupporterFieldsForm,
    country_from_accept_language,
)
from writeathon.actions.models import Channel
from writeathon.campaigns.models import Campaign, Case
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
from writeathon.reporting.selectors import counter_snapshot


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


def case_page_context(
    case: Case, bound: SupporterFieldsForm | None = None, country: str = ""
) -> dict[str, Any]:
    """Everything the case page shows; `bound` is a submitted form to show with its errors,
    `country` the country to offer first."""
    language = _language()
    appeal = case_appeal(case=case, language=language)
    target = case_primary_target(case=case)
    forms: dict[str, SupporterFieldsForm] = {}
    for channel, form_class in ACTION_FORMS.items():
        if bound is not None and bound.channel == channel:
            forms[channel] = bound
            continue
        initial: dict[str, str] = {"country": country}
        if channel == Channel.EMAIL and appeal is not None:
            initial |= {"subject": appeal.letter_subject, "body": appeal.letter_body}
        forms[channel] = form_class(initial=initial)
    counter = counter_snapshot(campaign=case.campaign)
    return {
        "campaign": case.campaign,
        "case": case,
        "appeal": appeal,
        "target": target,
        "email_form": forms[Channel.EMAIL],
        "signature_form": forms[Channel.SIGNATURE],
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
    return render(request, "campaigns/case.html", case_page_context(case, country=country))
