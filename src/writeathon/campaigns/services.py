"""Writes for campaigns and cases: publishing and the sample campaign."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from writeathon.campaigns import sample_content
from writeathon.campaigns.imports import ImportFileError, ImportPlan, import_plan
from writeathon.campaigns.models import (
    Appeal,
    Campaign,
    CampaignImport,
    CampaignText,
    Case,
    Target,
)
from writeathon.campaigns.selectors import content_changed
from writeathon.core.cache import cache_get, cache_set
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.sections.services import section_samples_load


@transaction.atomic
def case_set_status(*, case: Case, status: Case.Status) -> bool:
    """Publish or unpublish a case; returns whether anything changed."""
    changed = Case.objects.filter(pk=case.pk).exclude(status=status).update(status=status)
    _published(case.campaign)
    return bool(changed)


def _trace(user_id: int | None, campaign: Campaign, message: str, *, added: bool = False) -> None:
    """The admin's history of the campaign says who changed what (none for the system)."""
    if user_id is None:
        return
    LogEntry.objects.log_actions(
        user_id,
        Campaign.objects.filter(pk=campaign.pk),
        ADDITION if added else CHANGE,
        message,
        single_object=True,
    )


@transaction.atomic
def campaign_set_status(
    *, campaign: Campaign, status: Campaign.Status, user_id: int | None = None
) -> bool:
    """Publish a campaign (it then opens and closes with its window) or return it to draft;
    returns whether anything changed."""
    changed = Campaign.objects.filter(pk=campaign.pk).exclude(status=status).update(status=status)
    if changed:
        campaign.status = status
        _trace(user_id, campaign, f"Status set to {status}.")
    _published(campaign)
    return bool(changed)


@transaction.atomic
def campaign_window_set(
    *,
    campaign: Campaign,
    user_id: int | None,
    opens_at: datetime | None,
    closes_at: datetime | None,
    reporting_deadline: datetime | None,
    time_zone: str | None = None,
) -> Campaign:
    """Move a campaign's window (to extend it, or to close it early); the admin's history
    keeps the old and new times. Raises ValidationError for a window that ends before it
    starts or a deadline before the end."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = _window_words(locked)
    locked.opens_at = opens_at
    locked.closes_at = closes_at
    locked.reporting_deadline = reporting_deadline
    if time_zone is not None:
        locked.time_zone = time_zone
    locked.full_clean()
    locked.save(
        update_fields=["opens_at", "closes_at", "reporting_deadline", "time_zone", "updated_at"]
    )
    after = _window_words(locked)
    if after != before:
        _trace(user_id, locked, f"Window changed from {before} to {after}.")
    for field in ("opens_at", "closes_at", "reporting_deadline", "time_zone"):
        setattr(campaign, field, getattr(locked, field))
    _published(campaign)
    return locked


def _window_words(campaign: Campaign) -> str:
    def iso(value: datetime | None) -> str:
        return value.isoformat() if value is not None else "-"

    return (
        f"[{iso(campaign.opens_at)} .. {iso(campaign.closes_at)}, "
        f"reports until {iso(campaign.reporting_deadline)}, {campaign.time_zone}]"
    )


@transaction.atomic
def campaign_close_now(*, campaign: Campaign, user_id: int | None) -> bool:
    """Close an open (or upcoming) campaign at once; False if it was closed already."""
    now = timezone.now()
    if campaign.phase_at(now) in (Campaign.Phase.CLOSED, Campaign.Phase.DRAFT):
        return False
    deadline = campaign.reporting_deadline
    campaign_window_set(
        campaign=campaign,
        user_id=user_id,
        opens_at=campaign.opens_at if campaign.opens_at and campaign.opens_at < now else None,
        closes_at=now,
        reporting_deadline=deadline if deadline is None or deadline >= now else now,
    )
    return True


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


# Where the demo places the sample campaign's window, around the day it is loaded.
SAMPLE_OPENED_DAYS_AGO = 30
SAMPLE_OPEN_DAYS_AHEAD = 60
SAMPLE_REPORTING_DAYS = 30


@transaction.atomic
def sample_campaign_load(*, progress: Callable[[str], None] | None = None) -> Campaign:
    """Create or refresh the sample campaign and past editions. Safe to run again."""
    report = progress or (lambda _step: None)
    for edition in sample_content.PAST_EDITIONS:
        past, _ = Campaign.objects.update_or_create(
            slug=edition["slug"],
            defaults={
                "name": edition["name"]["en"],
                "status": Campaign.Status.PUBLISHED,
                "edition_year": edition["year"],
                "time_zone": "UTC",
                "opens_at": datetime(edition["year"], 11, 1, tzinfo=UTC),
                "closes_at": datetime(edition["year"] + 1, 2, 1, tzinfo=UTC),
                "reporting_deadline": datetime(edition["year"] + 1, 3, 1, tzinfo=UTC),
                "offline_total": edition["total"],
                "offline_case_count": edition["cases"],
                "total_is_approximate": edition["approximate"],
            },
        )
        _texts(past, edition["name"])
        report(f"edition {edition['year']}")
    data = sample_content.CAMPAIGN
    # The sample keeps its 2016 name and content, but its window is set around the day the
    # demo runs, so that whoever tries the demo can act.
    today = timezone.now().replace(minute=0, second=0, microsecond=0)
    closes_at = today + timedelta(days=SAMPLE_OPEN_DAYS_AHEAD)
    campaign, _ = Campaign.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"]["en"],
            "status": Campaign.Status.PUBLISHED,
            "edition_year": int(data["edition_year"]),
            "time_zone": data["time_zone"],
            "opens_at": today - timedelta(days=SAMPLE_OPENED_DAYS_AGO),
            "closes_at": closes_at,
            "reporting_deadline": closes_at + timedelta(days=SAMPLE_REPORTING_DAYS),
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


# --- A new edition -------------------------------------------------------------------------------


def _next_year(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:  # 29 February
        return value.replace(year=value.year + 1, day=28)


@transaction.atomic
def campaign_copy(*, source: Campaign, slug: str, name: str, user_id: int | None) -> Campaign:
    """Copy `source` into a draft for next year, in one step: its texts, its cases (with
    their officials and sample letters and appeals in every language), and its window a
    year later. Counts, outcomes and actions stay with the source (a photo is shared).
    The admin's history of the new campaign says where it came from. Raises
    ValidationError for a slug that is taken."""
    copy = Campaign(
        slug=slug,
        name=name,
        status=Campaign.Status.DRAFT,
        edition_year=(source.year + 1) if source.year else None,
        time_zone=source.time_zone,
        opens_at=_next_year(source.opens_at),
        closes_at=_next_year(source.closes_at),
        reporting_deadline=_next_year(source.reporting_deadline),
        goal=source.goal,
        default_language=source.default_language,
    )
    copy.full_clean()
    copy.save()
    CampaignText.objects.bulk_create(
        CampaignText(
            campaign=copy,
            language=text.language,
            title=text.title,
            tagline=text.tagline,
            intro=text.intro,
        )
        for text in source.texts.order_by("pk")
    )
    for case in source.cases.order_by("position", "pk").prefetch_related("targets", "appeals"):
        new_case = Case.objects.create(
            campaign=copy,
            slug=case.slug,
            name=case.name,
            country=case.country,
            category=case.category,
            photo=case.photo.name if case.photo else "",
            photo_alt=case.photo_alt,
            status=case.status,
            position=case.position,
            sms_keyword=case.sms_keyword,
            solidarity_needs_review=case.solidarity_needs_review,
        )
        Target.objects.bulk_create(
            Target(
                case=new_case,
                **{field: getattr(target, field) for field in TARGET_COPIED_FIELDS},
            )
            for target in case.targets.all()
        )
        Appeal.objects.bulk_create(
            Appeal(
                case=new_case,
                **{field: getattr(appeal, field) for field in APPEAL_COPIED_FIELDS},
            )
            for appeal in case.appeals.all()
        )
    _trace(user_id, copy, f"Copied from campaign #{source.pk} ({source.slug}).", added=True)
    _published(copy)
    return copy


TARGET_COPIED_FIELDS = (
    "name",
    "title",
    "office",
    "postal_address",
    "email",
    "fax",
    "social_handle",
    "email_policy",
    "language",
    "position",
)
APPEAL_COPIED_FIELDS = (
    "language",
    "summary",
    "story",
    "ask",
    "letter_subject",
    "letter_body",
    "short_text",
    "solidarity_guidance",
)


# --- Importing cases and officials ---------------------------------------------------------------

# How often, in rows, a running import says how far it is.
IMPORT_PROGRESS_EVERY = 25


def import_progress_key(import_id: int) -> str:
    return f"campaign-import:{import_id}:done"


@transaction.atomic
def campaign_import_stage(
    *, campaign: Campaign, kind: str, filename: str, content: bytes, user_id: int | None
) -> CampaignImport:
    """Keep an uploaded file for its preview; nothing of the campaign changes yet."""
    return CampaignImport.objects.create(
        campaign=campaign,
        kind=kind,
        filename=filename[:200],
        content=content,
        created_by_id=user_id,
    )


@transaction.atomic
def campaign_import_start(*, campaign_import: CampaignImport, user_id: int | None) -> bool:
    """Confirm a previewed import: it runs in the background (campaign_import_run).
    False if it was confirmed already."""
    from writeathon.campaigns.tasks import campaign_import_task

    started = CampaignImport.objects.filter(
        pk=campaign_import.pk, status=CampaignImport.Status.PREVIEWED
    ).update(status=CampaignImport.Status.QUEUED)
    if started:
        enqueue_with_transaction(campaign_import_task, import_id=campaign_import.pk)
    return bool(started)


def campaign_import_run(*, import_id: int) -> CampaignImport | None:
    """Read the kept file again and write every row, or none: a row that has gone wrong
    since the preview (a case deleted meanwhile) fails the whole import. The admin's
    history of the campaign says who imported what. Progress is told through the cache
    (the rows are written in one transaction, which nobody else sees until it ends)."""
    claimed = CampaignImport.objects.filter(
        pk=import_id, status=CampaignImport.Status.QUEUED
    ).update(status=CampaignImport.Status.RUNNING)
    if not claimed:
        return None
    job = CampaignImport.objects.select_related("campaign").get(pk=import_id)
    try:
        plan = import_plan(
            campaign=job.campaign, kind=job.kind, content=bytes(job.content), filename=job.filename
        )
    except ImportFileError as exc:
        return _import_finish(job, error=str(exc))
    if not plan.is_valid:
        error = "; ".join(f"row {e.row}, {e.column}: {e.message}" for e in plan.errors[:20])
        return _import_finish(job, error=error)
    try:
        with transaction.atomic():
            _import_write(job, plan)
    except (ValidationError, IntegrityError) as exc:
        return _import_finish(job, error=str(exc))
    return _import_finish(job, plan=plan)


def _import_write(job: CampaignImport, plan: ImportPlan) -> None:
    campaign = job.campaign
    cases = {case.slug: case for case in Case.objects.filter(campaign=campaign)}
    for done, row in enumerate(plan.rows, start=1):
        if row.action != "unchanged":
            values = dict(row.values)
            if plan.kind == "cases":
                case = cases.get(row.key) or Case(campaign=campaign, slug=row.key)
                for name, value in values.items():
                    setattr(case, name, value)
                case.full_clean(exclude=["photo"])
                case.save()
            else:
                case = cases[values.pop("case_slug")]
                name = values.pop("name")
                target = Target.objects.filter(case=case, name=name).first() or Target(
                    case=case, name=name
                )
                for field_name, value in values.items():
                    setattr(target, field_name, value)
                target.full_clean()
                target.save()
        if done % IMPORT_PROGRESS_EVERY == 0:
            cache_set(import_progress_key(job.pk), done, 3600)
    what = "cases" if plan.kind == "cases" else "officials"
    _trace(
        job.created_by_id,
        campaign,
        f"Imported {what} from {job.filename}: {plan.created} new, {plan.updated} changed, "
        f"{plan.unchanged} unchanged.",
    )
    _published(campaign)


def _import_finish(
    job: CampaignImport, *, plan: ImportPlan | None = None, error: str = ""
) -> CampaignImport:
    job.status = CampaignImport.Status.FAILED if error else CampaignImport.Status.DONE
    job.error = error
    job.finished_at = timezone.now()
    if plan is not None:
        job.total_rows = len(plan.rows)
        job.created, job.updated, job.unchanged = plan.created, plan.updated, plan.unchanged
        job.content = b""  # imported: the file is no longer needed
    job.save()
    cache_set(import_progress_key(job.pk), job.total_rows, 3600)
    return job


def import_progress(*, campaign_import: CampaignImport) -> int:
    """How many rows a running import has written so far."""
    value = cache_get(import_progress_key(campaign_import.pk))
    return int(value) if isinstance(value, int) else 0
