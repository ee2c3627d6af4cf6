from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import slug_re
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from writeathon.campaigns.models import Campaign
from writeathon.campaigns.selectors import campaign_current, campaign_get_public
from writeathon.core.staff import staff_permission_required
from writeathon.reporting.exports import table_csv, table_xlsx
from writeathon.reporting.forms import ReportFilterForm
from writeathon.reporting.selectors import (
    REPORT_CACHE_SECONDS,
    ReportFilters,
    counter_snapshot,
    report_cases,
    report_figures,
    report_repairs,
)
from writeathon.reporting.tables import ReportTable, report_tables
from writeathon.sections.access import scope_label, staff_scope


@require_safe
def counter_json(request: HttpRequest) -> JsonResponse:
    """The live count of a campaign (the current one unless ?campaign=slug)."""
    slug = request.GET.get("campaign", "")
    if slug and not (len(slug) <= 80 and slug_re.fullmatch(slug)):
        raise Http404("No such campaign.")
    campaign = campaign_get_public(slug=slug) if slug else campaign_current()
    if campaign is None:
        raise Http404("No campaign.")
    response = JsonResponse(counter_snapshot(campaign=campaign).as_json())
    patch_cache_control(response, public=True, max_age=settings.COUNTER_CACHE_SECONDS)
    patch_vary_headers(response, ["Accept-Encoding"])
    # Partner sites may show the counter on their own pages.
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- The staff reports: /staff/reports/ --------------------------------------------------------

REPORT_PERMISSION = "reporting.view_reports"
_FORMATS = {
    "csv": ("text/csv; charset=utf-8", table_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", table_xlsx),
}


@dataclass(frozen=True)
class _Report:
    form: ReportFilterForm
    campaign: Campaign | None
    filters: ReportFilters | None
    tables: list[ReportTable]


def _report(request: HttpRequest) -> _Report:
    scope = staff_scope(request.user)
    if scope.is_empty:
        # Staff with the permission but no section: there is nothing they may see.
        raise PermissionDenied
    form = ReportFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return _Report(form=form, campaign=None, filters=None, tables=[])
    data = form.cleaned_data
    campaign = data.get("campaign") or campaign_current()
    if campaign is None:
        return _Report(form=form, campaign=None, filters=None, tables=[])
    section, case = data.get("section"), data.get("case")
    filters = ReportFilters(
        campaign_id=campaign.pk,
        all_sections=scope.all_sections,
        section_ids=scope.section_ids,
        section_id=section.pk if section is not None else None,
        day_from=data.get("day_from"),
        day_to=data.get("day_to"),
        case_id=case.pk if case is not None else None,
        channel=data.get("channel", ""),
    )
    figures = report_figures(campaign=campaign, filters=filters)
    tables = report_tables(
        figures=figures,
        cases=report_cases(campaign=campaign),
        day_from=filters.day_from,
        day_to=filters.day_to,
        span=(
            timezone.localtime(campaign.opens_at, campaign.zone).date()
            if campaign.opens_at
            else None,
            timezone.localtime(campaign.closes_at, campaign.zone).date()
            if campaign.closes_at
            else None,
        ),
    )
    return _Report(form=form, campaign=campaign, filters=filters, tables=tables)


@never_cache
@staff_permission_required(REPORT_PERMISSION)
@require_safe
def reports(request: HttpRequest) -> HttpResponse:
    """The staff dashboard: totals by case, country, channel and source, the goal, the days
    of this edition beside past ones, and the funnel, for the sections the reader sees."""
    report = _report(request)
    query = request.GET.urlencode()
    response = render(
        request,
        "reporting/reports.html",
        {
            "form": report.form,
            "campaign": report.campaign,
            "tables": report.tables,
            "query": query,
            "filtered": any(request.GET.get(name) for name in report.form.fields),
            "repairs": (
                report_repairs(campaign=report.campaign, filters=report.filters)
                if report.campaign is not None and report.filters is not None
                else []
            ),
            "refresh_seconds": REPORT_CACHE_SECONDS,
        },
        status=200 if report.form.is_valid() else 400,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@staff_permission_required(REPORT_PERMISSION)
@require_safe
def report_download(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """One table of the dashboard, as the dashboard shows it with the same filters, as a
    CSV or XLSX file."""
    if fmt not in _FORMATS:
        raise Http404("No such format.")
    report = _report(request)
    if not report.form.is_valid():
        return render(request, "400.html", status=400)
    chosen = next((t for t in report.tables if t.slug == table), None)
    if chosen is None or report.campaign is None:
        raise Http404("No such table.")
    content_type, write = _FORMATS[fmt]
    response = HttpResponse(write(chosen), content_type=content_type)
    name = slugify(f"{report.campaign.slug} {scope_label(request.user)} {chosen.slug}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _local_day(campaign: Campaign, moment: datetime | None) -> date | None:
    """The day `moment` falls on in the campaign's own time zone."""
    return timezone.localtime(moment, campaign.zone).date() if moment else None
