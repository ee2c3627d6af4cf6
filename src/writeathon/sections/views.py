"""A section's own page: the campaign under the section's name, logo and colours, in its
language, with its own cases beside the campaign's. The global total still counts
everyone; the page shows the section's part of it too."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from writeathon.campaigns.selectors import (
    campaign_current,
    campaign_text,
    case_appeal,
    case_list_published,
)
from writeathon.campaigns.views import history_bars
from writeathon.reporting.selectors import counter_snapshot, section_total
from writeathon.sections.models import Section
from writeathon.sections.selectors import section_for_host, section_get_public


def _ink(accent: str) -> str:
    """Black or white, whichever reads better on the accent colour (WCAG contrast)."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(accent[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def _page_language(request: HttpRequest, section: Section) -> str:
    """The visitor's own choice (the language cookie or a supported browser language) if
    the section works in it, else the section's language."""
    chosen = translation.get_language_from_request(request)
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return chosen
    if request.headers.get("Accept-Language") and chosen in (section.languages or []):
        return chosen
    return section.page_language


def section_page(request: HttpRequest, section: Section) -> HttpResponse:
    language = _page_language(request, section)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    campaign = campaign_current()
    context: dict[str, object] = {"section": section, "intro": section.intro_in(language)}
    if campaign is not None:
        counter = counter_snapshot(campaign=campaign)
        context |= {
            "campaign": campaign,
            "text": campaign_text(campaign=campaign, language=language),
            "counter": counter,
            "section_total": section_total(campaign=campaign, section_id=section.pk),
            "cases": [
                {
                    "case": case,
                    "appeal": case_appeal(case=case, language=language),
                    "total": counter.cases.get(case.slug, 0),
                    "own": case.section_id == section.pk,
                }
                for case in case_list_published(campaign=campaign, section_id=section.pk)
            ],
            "history": history_bars(campaign, counter.total),
        }
    response = render(request, "sections/section.html", context)
    response["Content-Language"] = language
    return response


@require_safe
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = section_get_public(slug=slug)
    if section is None:
        raise Http404("No such section.")
    return section_page(request, section)


@require_safe
def section_theme(request: HttpRequest, slug: str) -> HttpResponse:
    """The section's colours as a small stylesheet (the pages allow no inline styles)."""
    section = section_get_public(slug=slug)
    if section is None:
        raise Http404("No such section.")
    accent = section.accent_colour.lower()
    css = (
        f".section-branded{{--accent:{accent};--accent-ink:{_ink(accent)}}}"
        ".section-branded .section-banner{background:var(--accent);color:var(--accent-ink)}"
        ".section-branded .section-banner a{color:var(--accent-ink)}"
        ".section-branded .button{background:var(--accent);color:var(--accent-ink)}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = '"' + hashlib.sha256(css.encode()).hexdigest()[:16] + '"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def home_for_host(request: HttpRequest) -> HttpResponse | None:
    """A section's own host name opens on the section's page."""
    section = section_for_host(host=request.get_host())
    return section_page(request, section) if section is not None else None
