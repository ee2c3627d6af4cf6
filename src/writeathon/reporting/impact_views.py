"""Impact's pages: the public timeline of outcomes, a supporter's own page, the widget that
sections put on their sites; and the staff pages that write updates and the widget snippet.

Staff pages need `reporting.view_update` to read and `reporting.add_update` to write or send;
a section's staff write to their own section's supporters only.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from csp.constants import NONCE, SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from writeathon.campaigns.models import Case
from writeathon.campaigns.selectors import campaign_get_public, campaign_text, case_get_published
from writeathon.campaigns.templatetags.impact import outcome_items
from writeathon.campaigns.views import site_url
from writeathon.core.staff import staff_page, staff_permission_required
from writeathon.reporting.impact import impact_timeline, supporter_story, widget_count
from writeathon.reporting.impact_forms import (
    WIDGET_SIZES,
    UpdateForm,
    WidgetSnippetForm,
    WidgetStyleForm,
)
from writeathon.reporting.models import Update
from writeathon.reporting.updates import (
    UpdateError,
    update_audience_count,
    update_progress,
    update_render,
    update_save,
    update_send,
)
from writeathon.sections.access import scope_sections, staff_scope
from writeathon.sections.models import Section
from writeathon.supporters.links import SupporterLinkError, own_page_token_check

VIEW_PERMISSION = "reporting.view_update"
WRITE_PERMISSION = "reporting.add_update"


def _language() -> str:
    return get_language() or "en"


# --- Public: the impact page -------------------------------------------------------------------


@require_safe
def impact(request: HttpRequest) -> HttpResponse:
    """Every published outcome, edition by edition, newest first."""
    language = _language()
    editions = [
        {
            "campaign": edition.campaign,
            "title": campaign_text(campaign=edition.campaign, language=language),
            "year": edition.year,
            "items": outcome_items(edition.outcomes, language),
        }
        for edition in impact_timeline()
    ]
    return render(request, "reporting/impact.html", {"editions": editions})


# --- A supporter's own page --------------------------------------------------------------------


@never_cache
@require_safe
def supporter_page(request: HttpRequest, token: str) -> HttpResponse:
    """What the link's supporter wrote for, where it went, and what came of it.

    The link is signed for one supporter and address; a forged, altered or expired link,
    or one for an address since changed or erased, opens nothing (404). The page only shows:
    nothing on it acts in the supporter's name.
    """
    try:
        supporter = own_page_token_check(token=token)
    except SupporterLinkError as exc:
        response = render(
            request, "reporting/supporter_page_invalid.html", {"expired": exc.expired}, status=404
        )
        response["Referrer-Policy"] = "no-referrer"
        return response
    story = supporter_story(supporter=supporter)
    response = render(
        request,
        "reporting/supporter_page.html",
        {
            "supporter": supporter,
            "story": story,
            "outcomes": outcome_items(story.outcomes, _language()),
        },
    )
    # The token is in the address: no page it links to may read it from the Referer.
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- The widget ----------------------------------------------------------------------------------


def _widget_language(request: HttpRequest, asked: str) -> str:
    """The `lang` parameter, else the visitor's Accept-Language, else the default. Never a
    cookie: the widget sits on other sites and reads or writes none."""
    if asked:
        return asked
    header = request.headers.get("Accept-Language", "")
    for code, _quality in translation.trans_real.parse_accept_lang_header(header):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _widget_refused(request: HttpRequest, language: str, form: WidgetStyleForm) -> HttpResponse:
    """A 400 page that says which parameter is wrong, in the visitor's language, with no
    cookie and no script."""
    with translation.override(language):
        response = render(request, "reporting/widget_invalid.html", {"form": form}, status=400)
    response["Content-Language"] = language
    return response


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"], "style-src": [SELF, NONCE]})  # type: ignore[arg-type]
@require_safe
def widget(request: HttpRequest, campaign_slug: str, case_slug: str = "") -> HttpResponse:
    """The live count for a section's own site, framed there: the campaign's total or one
    case's count, in the visitor's language. It sets no cookie and loads nothing from
    anyone else; any site may frame it."""
    form = WidgetStyleForm(request.GET)
    if not form.is_valid():
        return _widget_refused(request, _widget_language(request, ""), form)
    campaign = campaign_get_public(slug=campaign_slug)
    case: Case | None = case_get_published(campaign=campaign, slug=case_slug) if case_slug else None
    style = form.style()
    language = _widget_language(request, form.cleaned_data.get("lang") or "")
    count = widget_count(campaign=campaign, case=case)
    with translation.override(language):
        text = campaign_text(campaign=campaign, language=language)
        target = case.get_absolute_url() if case is not None else campaign.get_absolute_url()
        response = render(
            request,
            "reporting/widget.html",
            {
                "campaign": campaign,
                "title": text.title if text else campaign.name,
                "case": case,
                "count": count,
                "style": style,
                "scale": WIDGET_SIZES[style["size"]],
                "link": site_url(request) + target,
            },
        )
    response["Content-Language"] = language
    patch_cache_control(response, public=True, max_age=settings.COUNTER_CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def widget_snippet(request: HttpRequest, form: WidgetSnippetForm) -> dict[str, str]:
    """The widget's address and the snippet a section pastes into its site."""
    data = form.cleaned_data
    campaign, case = data["campaign"], data.get("case")
    kwargs = {"campaign_slug": campaign.slug}
    if case is not None:
        kwargs["case_slug"] = case.slug
    name = "widget-case" if case is not None else "widget-campaign"
    params = {key: data[key] for key in ("lang", "bg", "fg", "accent", "size") if data.get(key)}
    path = reverse(name, kwargs=kwargs) + (f"?{urlencode(params)}" if params else "")
    base = site_url(request)
    page = case.get_absolute_url() if case is not None else campaign.get_absolute_url()
    scale = WIDGET_SIZES[data.get("size") or "m"]
    width, height = round(300 * scale), round(120 * scale)
    label = case.name if case is not None else campaign.name
    with translation.override(data.get("lang") or _language()):
        title = gettext("Live count: %(name)s") % {"name": label}
        fallback = gettext("Take action with us: %(name)s") % {"name": label}
    snippet = format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" '
        'style="border:0;max-width:100%"><a href="{}">{}</a></iframe>',
        base + path,
        title,
        width,
        height,
        base + page,
        fallback,
    )
    # Plain text (not marked safe): the page shows it escaped, to copy.
    return {"src": path, "snippet": "".join([snippet]), "width": str(width), "height": str(height)}


@staff_permission_required(VIEW_PERMISSION)
@require_safe
def staff_widget(request: HttpRequest) -> HttpResponse:
    """Staff choose the campaign, case, language and colours; the page writes the snippet to
    copy and shows it live."""
    form = WidgetSnippetForm(request.GET or None)
    result = widget_snippet(request, form) if form.is_bound and form.is_valid() else None
    return render(
        request,
        "reporting/staff_widget.html",
        {"form": form, "result": result},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# --- Staff: updates to supporters --------------------------------------------------------------


def _updates_visible(request: HttpRequest) -> QuerySet[Update]:
    scope = staff_scope(request.user)
    updates = Update.objects.select_related("campaign", "case", "section", "outcome")
    if scope.all_sections:
        return updates
    return updates.filter(section_id__in=sorted(scope.section_ids))


def _update_get(request: HttpRequest, update_id: int) -> Update:
    update = _updates_visible(request).prefetch_related("texts").filter(pk=update_id).first()
    if update is None:
        raise Http404("No such update.")
    return update


def _own_section(request: HttpRequest) -> Section | None:
    """The section a section's staff write for (None for international staff)."""
    scope = staff_scope(request.user)
    if scope.all_sections:
        return None
    section = scope_sections(request.user).order_by("pk").first()
    if section is None:
        raise Http404("No section.")
    return section


@staff_permission_required(VIEW_PERMISSION)
@require_safe
def staff_updates(request: HttpRequest) -> HttpResponse:
    page = staff_page(request, _updates_visible(request))
    rows = [{"update": update, "progress": update_progress(update=update)} for update in page]
    return render(request, "reporting/staff_updates.html", {"page": page, "rows": rows})


def _update_form_page(request: HttpRequest, update: Update | None) -> HttpResponse:
    own = _own_section(request)
    sections = scope_sections(request.user)
    if request.method == "POST":
        form = UpdateForm(request.POST, sections=sections)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = update_save(
                    user_id=request.user.pk,
                    update=update,
                    audience=data["audience"],
                    campaign=data["campaign"],
                    case=data.get("case"),
                    section=own or data.get("section"),
                    fallback_language=data["fallback_language"],
                    texts=form.texts(),
                )
            except UpdateError as exc:
                messages.error(request, str(exc))
                return redirect("staff-update", update_id=update.pk if update else 0)
            messages.success(request, gettext("Saved. Read the preview before you send it."))
            return redirect("staff-update", update_id=saved.pk)
        status = 400
    else:
        initial: dict[str, Any] = {"fallback_language": _language()}
        if update is not None:
            initial |= {
                "audience": update.audience,
                "campaign": update.campaign_id,
                "case": update.case_id,
                "section": update.section_id,
                "fallback_language": update.fallback_language,
            }
            for text in update.texts.all():
                initial[f"subject_{text.language}"] = text.subject
                initial[f"body_{text.language}"] = text.body
        form = UpdateForm(initial=initial, sections=sections)
        status = 200
    return render(
        request,
        "reporting/staff_update_form.html",
        {"form": form, "update": update, "own_section": own},
        status=status,
    )


@staff_permission_required(VIEW_PERMISSION, WRITE_PERMISSION)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_update_new(request: HttpRequest) -> HttpResponse:
    return _update_form_page(request, None)


@staff_permission_required(VIEW_PERMISSION, WRITE_PERMISSION)
@require_http_methods(["GET", "HEAD", "POST"])
def staff_update_edit(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update_get(request, update_id)
    if update.status != Update.Status.DRAFT:
        messages.error(request, gettext("This update is being sent: it can no longer change."))
        return redirect("staff-update", update_id=update.pk)
    return _update_form_page(request, update)


@staff_permission_required(VIEW_PERMISSION)
@require_safe
def staff_update(request: HttpRequest, update_id: int) -> HttpResponse:
    """An update: who hears, the preview in each language, and how far its sending is."""
    update = _update_get(request, update_id)
    languages = [code for code, _name in settings.LANGUAGES]
    shown = request.GET.get("lang", "")
    if shown not in languages:
        shown = update.fallback_language
    preview = update_render(update=update, language=shown, unsubscribe_link="#", own_page_link="#")
    return render(
        request,
        "reporting/staff_update.html",
        {
            "update": update,
            "preview": preview,
            "shown": shown,
            "preview_languages": settings.LANGUAGES,
            "audience_count": update_audience_count(update=update),
            "progress": update_progress(update=update),
        },
    )


@staff_permission_required(VIEW_PERMISSION, WRITE_PERMISSION)
@require_POST
def staff_update_send(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update_get(request, update_id)
    try:
        update_send(update=update, user_id=request.user.pk, base_url=site_url(request))
    except UpdateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Sending: the emails go out in batches."))
    return redirect("staff-update", update_id=update.pk)
