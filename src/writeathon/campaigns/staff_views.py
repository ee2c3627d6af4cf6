"""Staff pages of a campaign: its window, a copy for the next edition, importing cases and
officials. Each change goes through a service, which leaves its trace in the admin's
history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from writeathon.campaigns.calendar import campaign_window
from writeathon.campaigns.forms import CopyForm, ImportForm, WindowForm
from writeathon.campaigns.imports import COLUMNS, REQUIRED, ImportFileError, import_plan
from writeathon.campaigns.models import Campaign, CampaignImport
from writeathon.campaigns.services import (
    campaign_copy,
    campaign_import_stage,
    campaign_import_start,
    campaign_window_set,
    import_progress,
)
from writeathon.core.staff import staff_permission_required


def _user_id(request: HttpRequest) -> int:
    if request.user.pk is None:  # the permission check let no anonymous user through
        raise PermissionDenied
    return int(request.user.pk)


def _campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign, slug=slug)


@never_cache
@staff_permission_required("campaigns.change_campaign")
@require_http_methods(["GET", "HEAD", "POST"])
def window_edit(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    """Extend (or move) a campaign's window, in its own time zone."""
    campaign = _campaign(campaign_slug)
    posted = request.POST if request.method == "POST" else None
    form = WindowForm(posted, campaign=campaign)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign_window_set(
                    campaign=campaign,
                    user_id=_user_id(request),
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    reporting_deadline=data["reporting_deadline"],
                    time_zone=data["time_zone"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The campaign's window is saved."))
                return redirect("campaign-staff:window", campaign_slug=campaign.slug)
        status = 400
    context = {"campaign": campaign, "form": form, "window": campaign_window(campaign=campaign)}
    return render(request, "campaigns/staff/window.html", context, status=status)


@never_cache
@staff_permission_required("campaigns.add_campaign", "campaigns.view_campaign")
@require_http_methods(["GET", "HEAD", "POST"])
def copy_preview(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    """What a new edition will hold (GET), and making it in one step (POST)."""
    source = _campaign(campaign_slug)
    year = (source.year + 1) if source.year else None
    initial = {
        "slug": f"{source.slug}-{year}" if year else f"{source.slug}-copy",
        "name": f"{source.name} ({year})" if year else f"{source.name} (copy)",
    }
    posted = request.POST if request.method == "POST" else None
    form = CopyForm(posted, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                copy = campaign_copy(
                    source=source,
                    slug=form.cleaned_data["slug"],
                    name=form.cleaned_data["name"],
                    user_id=_user_id(request),
                )
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The new edition %(name)s is ready as a draft.") % {"name": copy.name},
                )
                return redirect("admin:campaigns_campaign_change", copy.pk)
        status = 400
    cases = list(source.cases.order_by("position", "pk").prefetch_related("targets", "appeals"))
    context = {
        "source": source,
        "form": form,
        "texts": list(source.texts.order_by("language")),
        "cases": [
            {
                "case": case,
                "targets": list(case.targets.all()),
                "languages": sorted(appeal.language for appeal in case.appeals.all()),
            }
            for case in cases
        ],
        "year": year,
    }
    return render(request, "campaigns/staff/copy.html", context, status=status)


def _can_import(request: HttpRequest) -> None:
    if not request.user.has_perms(["campaigns.add_case", "campaigns.add_target"]):
        raise PermissionDenied


@never_cache
@staff_permission_required("campaigns.change_campaign")
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    """Upload a CSV or XLSX file of cases or officials; its preview follows."""
    _can_import(request)
    campaign = _campaign(campaign_slug)
    posted = request.POST if request.method == "POST" else None
    form = ImportForm(posted, request.FILES if request.method == "POST" else None)
    status = 200
    file_error = ""
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            kind = form.cleaned_data["kind"]
            try:
                import_plan(campaign=campaign, kind=kind, content=content, filename=upload.name)
            except ImportFileError as exc:
                file_error = str(exc)
            else:
                job = campaign_import_stage(
                    campaign=campaign,
                    kind=kind,
                    filename=upload.name,
                    content=content,
                    user_id=_user_id(request),
                )
                return redirect("campaign-staff:import-detail", import_id=job.pk)
        status = 400
    context = {
        "campaign": campaign,
        "form": form,
        "file_error": file_error,
        "columns": [(kind, COLUMNS[kind], REQUIRED[kind]) for kind in COLUMNS],
    }
    return render(request, "campaigns/staff/import_upload.html", context, status=status)


@never_cache
@staff_permission_required("campaigns.change_campaign")
@require_http_methods(["GET", "HEAD"])
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """The preview of an uploaded file, then the import's progress and result."""
    _can_import(request)
    job = get_object_or_404(CampaignImport.objects.select_related("campaign"), pk=import_id)
    plan = None
    file_error = ""
    if job.status == CampaignImport.Status.PREVIEWED:
        try:
            plan = import_plan(
                campaign=job.campaign,
                kind=job.kind,
                content=bytes(job.content),
                filename=job.filename,
            )
        except ImportFileError as exc:
            file_error = str(exc)
    running = job.status in (CampaignImport.Status.QUEUED, CampaignImport.Status.RUNNING)
    context = {
        "job": job,
        "campaign": job.campaign,
        "plan": plan,
        "file_error": file_error,
        "running": running,
        "done_rows": import_progress(campaign_import=job) if running else job.total_rows,
        "statuses": CampaignImport.Status,
    }
    return render(request, "campaigns/staff/import_detail.html", context)


@never_cache
@staff_permission_required("campaigns.change_campaign")
@require_POST
def import_confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    _can_import(request)
    job = get_object_or_404(CampaignImport, pk=import_id)
    if job.status != CampaignImport.Status.PREVIEWED:
        raise Http404("This import was confirmed already.")
    try:
        plan = import_plan(
            campaign=job.campaign, kind=job.kind, content=bytes(job.content), filename=job.filename
        )
    except ImportFileError:
        return redirect("campaign-staff:import-detail", import_id=job.pk)
    if not plan.is_valid:
        # Nothing half-imported: a file with a bad row is not imported at all.
        return render(
            request,
            "campaigns/staff/import_detail.html",
            {"job": job, "campaign": job.campaign, "plan": plan, "statuses": CampaignImport.Status},
            status=400,
        )
    campaign_import_start(campaign_import=job, user_id=_user_id(request))
    return redirect("campaign-staff:import-detail", import_id=job.pk)
