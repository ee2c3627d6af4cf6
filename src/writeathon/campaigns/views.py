"""Public pages of a campaign and its cases."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django_countries import countries

from writeathon.abuse.forms import SHOWN_FIELD, form_token_make
from writeathon.actions.forms import WAY_FORMS, ActForm
from writeathon.campaigns.calendar import campaign_window
from writeathon.campaigns.models import Campaign, Case, Target
from writeathon.campaigns.selectors import (
    campaign_current,
    campaign_get_public,
    campaign_open_now,
    campaign_past_editions,
    campaign_text,
    case_appeal,
    case_get_published,
    case_list_published,
    case_primary_target,
    content_version,
)
from writeathon.core.cache import cache_get, cache_set
from writeathon.core.vocabulary import Channel
from writeathon.reporting.models import FunnelCount
from writeathon.reporting.selectors import counter_snapshot
from writeathon.reporting.services import funnel_hit
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import BROWSER_COOKIE, browser_supporter_id


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
                "label": edition.year or edition.name,
                "cases": edition.offline_case_count,
                "total": edition.offline_total,
                "approximate": edition.total_is_approximate,
                "current": False,
            }
        )
    if not campaign.is_closed:
        rows.append(
            {
                "label": campaign.year or campaign.name,
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
        **window_context(campaign),
    }
    return render(request, "campaigns/campaign.html", context)


def window_context(campaign: Campaign) -> dict[str, Any]:
    """The window notice (campaigns/_window.html) and, once the campaign has closed, the
    campaign open now where a supporter can act instead."""
    window = campaign_window(campaign=campaign)
    act_now = campaign_open_now(exclude=campaign) if not window.is_open else None
    return {
        "window": window,
        "act_now": act_now,
        "act_now_text": (
            campaign_text(campaign=act_now, language=_language()) if act_now else None
        ),
    }


# --- Whole pages for anonymous visitors -------------------------------------------------------
#
# The campaign and case pages are the same for every anonymous visitor in a language, except
# for two values each showing must have for itself: the CSRF token and the one-use "shown
# at" stamp of the form. A page is rendered once per language, content version, country and
# host and kept for PAGE_CACHE_SECONDS with those two values taken out; each visitor gets it
# with a CSRF token and a stamp of their own put back, so the form is exactly as protected as
# a freshly rendered one. An owner's page (prefilled with their details), a signed-in staff
# member's and a page with a message to show are never cached. A staff edit changes the
# content version, so it shows at once; counts on the page are at most PAGE_CACHE_SECONDS old.

_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_STAMP_VALUE = re.compile('(name="' + re.escape(SHOWN_FIELD) + '" value=")[^"]*(")')
_CSRF_MARK = "\x00csrf\x00"
_STAMP_MARK = "\x00stamp\x00"
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")
_PAGE_QUERY_KEYS = {"country"}


def _page_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    cookies = request.COOKIES
    if BROWSER_COOKIE in cookies or settings.SESSION_COOKIE_NAME in cookies:
        return False
    if "messages" in cookies:
        return False
    return set(request.GET) <= _PAGE_QUERY_KEYS


def _page_key(request: HttpRequest) -> str:
    return ":".join(
        [
            "page:v1",
            content_version(),
            get_language() or "",
            request.get_host(),
            request.path,
            request.GET.get("country", "")[:2],
            request.COOKIES.get("writeathon_country", "")[:2],
        ]
    )


def _page_serve(request: HttpRequest, kept: dict[str, Any]) -> HttpResponse:
    html = str(kept["html"])
    if _CSRF_MARK in html:
        html = html.replace(_CSRF_MARK, get_token(request))
    if _STAMP_MARK in html:
        html = html.replace(_STAMP_MARK, form_token_make())
    response = HttpResponse(html)
    for name, value in kept["headers"].items():
        response[name] = value
    return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve `view`'s page to anonymous visitors from the cache (see above)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _page_cacheable(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        kept = cache_get(key)
        if isinstance(kept, dict):
            return _page_serve(request, kept)
        response = view(request, *args, **kwargs)
        control = response.get("Cache-Control", "")
        if (
            response.status_code == 200
            and not response.streaming
            and "private" not in control
            and "no-store" not in control
            and response.get("Content-Type", "").startswith("text/html")
        ):
            html = response.content.decode()
            html = _CSRF_VALUE.sub(lambda m: m.group(1) + _CSRF_MARK + m.group(2), html)
            html = _STAMP_VALUE.sub(lambda m: m.group(1) + _STAMP_MARK + m.group(2), html)
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            cache_set(key, {"html": html, "headers": headers}, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper


@public_page
def home(request: HttpRequest) -> HttpResponse:
    from writeathon.sections.views import home_for_host

    own_host = home_for_host(request)
    if own_host is not None:
        return own_host
    campaign = campaign_current()
    if campaign is None:
        return render(request, "campaigns/no_campaign.html")
    return campaign_page(request, campaign)


@public_page
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
        if channel in WAY_FORMS and (channel not in needs_target or target is not None)
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


def act_button_label(count: int) -> str:
    return ngettext("Send my action", "Send my %(count)s actions", count) % {"count": count}


def case_page_context(
    case: Case,
    bound: ActForm | None = None,
    supporter: dict[str, str] | None = None,
    case_url: str = "",
) -> dict[str, Any]:
    """Everything the case page shows; `bound` is a submitted form to show with its errors,
    `supporter` the name, email and country to fill in (a returning supporter, or only a
    country from a signal that names one), `case_url` the page's absolute address (for
    posts that link to it)."""
    language = _language()
    appeal = case_appeal(case=case, language=language)
    target = case_primary_target(case=case)
    ways = case_ways_to_act(case)
    if bound is not None:
        form = bound
    else:
        texts: dict[str, dict[str, str]] = {}
        if appeal is not None:
            sample = {"subject": appeal.letter_subject, "body": appeal.letter_body}
            texts = {channel.value: sample for channel in LETTER_CHANNELS}
        form = ActForm(offered=ways, texts=texts, initial=supporter or {})
    solidarity = form.way_forms.get(Channel.SOLIDARITY.value)
    if solidarity is not None and appeal is not None and appeal.solidarity_guidance:
        guidance: str = appeal.solidarity_guidance
        if appeal.language != language:
            guidance = format_html(
                '<span lang="{}" dir="auto">{}</span>', appeal.language, guidance
            )
        solidarity.fields["body"].help_text = guidance
    tweet_target = ways.get(Channel.TWEET)
    tweet_text = (appeal.short_text if appeal else "") or case.name
    counter = counter_snapshot(campaign=case.campaign)
    chosen = form.chosen()
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
        "act_form": form,
        # Each way with its form and whether it is ticked, in the order the page shows them.
        "act_ways": [
            {"channel": channel, "form": way_form, "chosen": channel in chosen}
            for channel, way_form in form.way_forms.items()
        ],
        # The button says how many actions it sends; the script swaps in the label for
        # the number ticked (each number has its plural form, six in Arabic).
        "act_label": act_button_label(max(1, len(chosen))),
        "act_labels": [(n, act_button_label(n)) for n in range(1, len(form.way_forms) + 1)],
        "counter": counter,
        "case_total": counter.cases.get(case.slug, 0),
        # Filtered here too: a case loaded for a form shown with errors has no prefetch.
        "outcomes": [outcome for outcome in case.outcomes.all() if outcome.is_published],
        "can_act": case.campaign.is_open,
        **window_context(case.campaign),
        # Where the language picker returns to: a form sent with errors is shown at the
        # address it was posted to, which cannot be opened again with GET.
        "page_url": case.get_absolute_url(),
    }


COUNTRY_COOKIE = "writeathon_country"
"""The country given with the last action from this browser: only a country code."""
COUNTRY_COOKIE_MAX_AGE = 365 * 24 * 3600


def _country_named(value: str) -> str:
    code = value.strip().upper()
    return code if len(code) == 2 and code in countries else ""


def supporter_prefill(request: HttpRequest) -> dict[str, str]:
    """What the case page's form starts with, from signals that name a person or a country.

    The owner's browser (it holds their owner cookie, set when they confirmed) gets their
    name, email and country. Otherwise the country only: from a section's own page (it
    links to a case with `?country=XX`), or from the country given with an earlier action
    in this browser. Never from the browser's language: an English browser is not in the
    United States.
    """
    owner_id = browser_supporter_id(token=request.COOKIES.get(BROWSER_COOKIE, ""))
    supporter = (
        Supporter.objects.filter(pk=owner_id, erased_at__isnull=True).first()
        if owner_id is not None
        else None
    )
    if supporter is not None:
        return {
            "name": supporter.name,
            "email": supporter.email or "",
            "country": _country_named(str(supporter.country or "")),
        }
    country = _country_named(request.GET.get("country", "")) or _country_named(
        request.COOKIES.get(COUNTRY_COOKIE, "")
    )
    return {"country": country} if country else {}


def _counted_as_viewed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The first step of the staff reports' funnel, a case page shown (from the cache or
    not): a cache increment, no database write."""

    @wraps(view)
    def wrapper(request: HttpRequest, campaign_slug: str, case_slug: str) -> HttpResponse:
        response = view(request, campaign_slug=campaign_slug, case_slug=case_slug)
        if request.method == "GET" and response.status_code == 200:
            campaign = campaign_get_public(slug=campaign_slug)
            case = case_get_published(campaign=campaign, slug=case_slug)
            funnel_hit(stage=FunnelCount.Stage.VIEWED, case_id=case.pk, day=timezone.localdate())
        return response

    return wrapper


@_counted_as_viewed
@public_page
def case_detail(request: HttpRequest, campaign_slug: str, case_slug: str) -> HttpResponse:
    campaign = campaign_get_public(slug=campaign_slug)
    case = case_get_published(campaign=campaign, slug=case_slug)
    prefill = supporter_prefill(request)
    context = case_page_context(
        case, supporter=prefill, case_url=site_url(request) + case.get_absolute_url()
    )
    response = render(request, "campaigns/case.html", context)
    if prefill.get("email"):
        # It holds the owner's name and address: no shared cache may keep it.
        patch_cache_control(response, private=True, no_store=True)
    return response
