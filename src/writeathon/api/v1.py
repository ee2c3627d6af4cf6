"""/api/v1/: the partner API (django-ninja). The faces' rules hold: it parses and checks,
then calls the same services and use cases as the web pages (the one intake service for
actions and tallies)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from writeathon.actions.models import MESSAGE_LENGTHS, Action
from writeathon.api.auth import TokenAuth, scope_require, token_of
from writeathon.api.problems import PROBLEM_TYPE, ApiProblem, Problem, problem_response
from writeathon.api.schemas import (
    AdvocacyCampaignOut,
    AdvocacyCampaignPage,
    EmailAddress,
    OutreachIn,
    OutreachOut,
    OutreachPage,
    PersonOut,
    PersonPage,
    PostalAddress,
    TalliesIn,
    TalliesOut,
    TallyList,
    TallyOut,
    TallyResult,
    TargetOut,
    TargetPage,
)
from writeathon.campaigns.models import Appeal, Campaign, Case, Target
from writeathon.campaigns.views import case_ways_to_act
from writeathon.core.vocabulary import Channel, Source
from writeathon.partners.models import ApiToken, Scope
from writeathon.partners.services import idempotent_answer_get, idempotent_answer_store
from writeathon.reporting.selectors import counter_forget, counter_snapshot
from writeathon.supporters.models import Consent, Supporter
from writeathon.usecases.intake import (
    ConsentGiven,
    CountNotAccepted,
    action_submit,
    count_report_submit,
)

PAGE_MAX = 100
_ONE_DAY = timedelta(days=1)
_ERRORS = frozenset({400, 401, 403, 404, 409, 422, 429})
_ERROR_RESPONSES: dict[int, type[Schema]] = dict.fromkeys(_ERRORS, Problem)


class WriteathonApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The document, with every error response declared as application/problem+json."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for code, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(code).startswith(("4", "5")) and "application/json" in content:
                        response["content"] = {PROBLEM_TYPE: content["application/json"]}
        return schema


api = WriteathonApi(
    title="Writeathon API",
    version="1",
    description=(
        "The partner API of a Writeathon campaign: cases (OSDI advocacy campaigns), officials "
        "(targets), actions (outreaches), people and tallies. Every call needs a bearer token "
        "made by campaign staff; every POST needs an Idempotency-Key header."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
)


# --- Errors ---------------------------------------------------------------------------------


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(
        request,
        status=exc.status,
        title=exc.title,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers,
    )


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", [])), "message": error.get("msg")}
        for error in exc.errors
    ]
    return problem_response(
        request,
        status=422,
        title=_("Invalid request"),
        detail=_("Some fields are missing or wrong."),
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        status=401,
        title=_("Not signed in"),
        detail=_(
            "Send a valid token (Authorization: Bearer <token>). It may have expired or been "
            "revoked."
        ),
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, status=404, title=_("Not found"), detail=str(exc))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(request, status=exc.status_code, title=str(exc))


# --- Helpers -----------------------------------------------------------------------------------


def _cursor_read(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ApiProblem(400, _("Invalid cursor"), _("Use the next_cursor of a page.")) from exc
    if value < 0:
        raise ApiProblem(400, _("Invalid cursor"), _("Use the next_cursor of a page."))
    return value


def _cursor_make(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def _page(rows: QuerySet[Any], cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    after = _cursor_read(cursor)
    items = list(rows.filter(pk__gt=after).order_by("pk")[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    return items, (_cursor_make(items[-1].pk) if more and items else None)


def _case_id(case: Case) -> str:
    return f"{case.campaign.slug}:{case.slug}"


def _case_find(identifier: str) -> Case:
    campaign_slug, _sep, case_slug = identifier.partition(":")
    case = (
        Case.objects.select_related("campaign")
        .filter(
            campaign__slug=campaign_slug,
            slug=case_slug,
            status=Case.Status.PUBLISHED,
        )
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .first()
    )
    if case is None:
        raise Http404(_("No published case has this identifier."))
    return case


def _target_out(target: Target, case: Case) -> TargetOut:
    ways = [
        way
        for way, attribute in (
            ("email", "email"),
            ("fax", "fax"),
            ("letter", "postal_address"),
            ("social", "social_handle"),
        )
        if str(getattr(target, attribute)).strip()
    ]
    return TargetOut(
        identifiers=[f"writeathon:target:{target.pk}"],
        given_name=target.name,
        title=target.title,
        office=target.office,
        country=str(case.country),
        advocacy_campaign=_case_id(case),
        ways_to_reach=ways,
    )


def _day_start(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _section_scope(token: ApiToken) -> int | None:
    """The section a token's partner belongs to; None for an international partner."""
    return token.partner.section_id


def _keyed(request: HttpRequest, work: Callable[[], tuple[int, dict[str, Any]]]) -> HttpResponse:
    """Run a POST's work once per Idempotency-Key: a retry gets the first answer again."""
    token = token_of(request)
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        raise ApiProblem(
            400,
            _("Idempotency-Key needed"),
            _("Send an Idempotency-Key header (up to 200 characters) with every POST."),
        )
    digest = hashlib.sha256(
        (request.method or "").encode() + request.path.encode() + request.body
    ).hexdigest()

    def replay(prior: Any) -> HttpResponse:
        if prior.request_digest != digest:
            raise ApiProblem(
                422,
                _("Idempotency-Key reused"),
                _("This key was used for another request. Use a new key for a new request."),
            )
        response = JsonResponse(prior.body, status=prior.status)
        response["Idempotent-Replayed"] = "true"
        return response

    prior = idempotent_answer_get(token=token, key=key)
    if prior is not None:
        return replay(prior)

    class _Raced(Exception):
        pass

    try:
        with transaction.atomic():
            status, body = work()
            if not idempotent_answer_store(
                token=token, key=key, request_digest=digest, status=status, body=body
            ):
                raise _Raced
    except _Raced:
        prior = idempotent_answer_get(token=token, key=key)
        if prior is None:  # stored by a request that has not committed yet
            raise ApiProblem(
                409, _("Request in progress"), _("The same key is being handled; retry shortly.")
            ) from None
        return replay(prior)
    return JsonResponse(body, status=status)


class PageQuery(Schema):
    cursor: str | None = None
    limit: int = Field(default=50, ge=1, le=PAGE_MAX)


class OutreachQuery(PageQuery):
    advocacy_campaign: str | None = None
    country: str | None = Field(default=None, min_length=2, max_length=2)
    since: date | None = None
    until: date | None = None


class PeopleQuery(PageQuery):
    country: str | None = Field(default=None, min_length=2, max_length=2)
    since: date | None = None
    until: date | None = None


# --- Cases and officials ------------------------------------------------------------------------


def _cases() -> QuerySet[Case]:
    return (
        Case.objects.filter(status=Case.Status.PUBLISHED)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .select_related("campaign")
        .prefetch_related("targets", "appeals")
    )


def _case_out(case: Case, totals: dict[int, dict[str, int]]) -> AdvocacyCampaignOut:
    appeals = {a.language: a for a in case.appeals.all()}
    appeal: Appeal | None = appeals.get(case.campaign.default_language) or next(
        iter(appeals.values()), None
    )
    ways = list(case_ways_to_act(case))
    return AdvocacyCampaignOut(
        identifiers=[f"writeathon:{_case_id(case)}"],
        title=case.name,
        description=appeal.ask if appeal else "",
        campaign=case.campaign.slug,
        country=str(case.country),
        category=case.category,
        languages=sorted(appeals),
        action_types=[w for w in ways if w in _OUTREACH_TYPES],  # type: ignore[misc]  # narrowed
        total_outreaches=totals.get(case.campaign_id, {}).get(case.slug, 0),
        targets=[_target_out(t, case) for t in case.targets.all()],
        created_date=case.created_at,
        modified_date=case.updated_at,
    )


_OUTREACH_TYPES = {"email", "fax", "letter", "signature", "solidarity", "tweet"}


def _totals(cases: list[Case]) -> dict[int, dict[str, int]]:
    campaigns = {case.campaign_id: case.campaign for case in cases}
    return {pk: counter_snapshot(campaign=c).cases for pk, c in campaigns.items()}


@api.get(
    "/advocacy_campaigns",
    response={200: AdvocacyCampaignPage, **_ERROR_RESPONSES},
    tags=["advocacy campaigns"],
    summary="List the published cases",
)
def advocacy_campaigns_list(
    request: HttpRequest, filters: Query[PageQuery], campaign: str | None = None
) -> Any:
    scope_require(request, Scope.COUNTS_READ)
    rows = _cases()
    if campaign:
        rows = rows.filter(campaign__slug=campaign)
    items, next_cursor = _page(rows, filters.cursor, filters.limit)
    totals = _totals(items)
    return {"items": [_case_out(c, totals) for c in items], "next_cursor": next_cursor}


@api.get(
    "/advocacy_campaigns/{identifier}",
    response={200: AdvocacyCampaignOut, **_ERROR_RESPONSES},
    tags=["advocacy campaigns"],
    summary="One case",
)
def advocacy_campaign_get(request: HttpRequest, identifier: str) -> Any:
    scope_require(request, Scope.COUNTS_READ)
    case = _case_find(identifier)
    return _case_out(case, _totals([case]))


@api.get(
    "/targets",
    response={200: TargetPage, **_ERROR_RESPONSES},
    tags=["targets"],
    summary="List the officials of published cases",
)
def targets_list(
    request: HttpRequest, filters: Query[PageQuery], advocacy_campaign: str | None = None
) -> Any:
    scope_require(request, Scope.COUNTS_READ)
    rows = (
        Target.objects.filter(case__status=Case.Status.PUBLISHED)
        .exclude(case__campaign__status=Campaign.Status.DRAFT)
        .select_related("case__campaign")
    )
    if advocacy_campaign:
        rows = rows.filter(case=_case_find(advocacy_campaign))
    items, next_cursor = _page(rows, filters.cursor, filters.limit)
    return {"items": [_target_out(t, t.case) for t in items], "next_cursor": next_cursor}


# --- Outreaches (actions) ----------------------------------------------------------------------


def _outreach_out(action: Action) -> OutreachOut:
    return OutreachOut(
        identifiers=[f"writeathon:outreach:{action.public_id}"],
        type=action.channel,
        status=action.status,  # type: ignore[arg-type]
        source=action.source,
        advocacy_campaign=_case_id(action.case),
        country=str(action.country),
        created_date=action.created_at,
        confirmed_date=action.confirmed_at,
    )


@api.get(
    "/outreaches",
    response={200: OutreachPage, **_ERROR_RESPONSES},
    tags=["outreaches"],
    summary="List actions (no personal data); a section's partner sees its section's",
)
def outreaches_list(request: HttpRequest, filters: Query[OutreachQuery]) -> Any:
    token = scope_require(request, Scope.COUNTS_READ)
    rows = Action.objects.select_related("case__campaign")
    section_id = _section_scope(token)
    if section_id is not None:
        rows = rows.filter(supporter__section_id=section_id)
    if filters.advocacy_campaign:
        rows = rows.filter(case=_case_find(filters.advocacy_campaign))
    if filters.country:
        rows = rows.filter(country=filters.country.upper())
    if filters.since:
        rows = rows.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(created_at__lt=_day_start(filters.until + _ONE_DAY))
    items, next_cursor = _page(rows, filters.cursor, filters.limit)
    return {"items": [_outreach_out(a) for a in items], "next_cursor": next_cursor}


@api.post(
    "/advocacy_campaigns/{identifier}/outreaches",
    response={201: OutreachOut, 200: OutreachOut, **_ERROR_RESPONSES},
    tags=["outreaches"],
    summary="Record an action, through the same checks as the web form",
    openapi_extra={
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": True,
                "schema": {"type": "string", "maxLength": 200, "minLength": 1},
            }
        ]
    },
)
def outreach_record(request: HttpRequest, identifier: str, payload: OutreachIn) -> Any:
    token = scope_require(request, Scope.ACTIONS_WRITE)
    if payload.confirmed and Scope.ACTIONS_CONFIRMED not in token.scopes:
        raise ApiProblem(
            403,
            _("Not allowed"),
            _("Only a token with the scope %(scope)s may record a confirmed action.")
            % {"scope": Scope.ACTIONS_CONFIRMED},
        )
    case = _case_find(identifier)
    if not case.campaign.is_open:
        raise ApiProblem(409, _("Campaign closed"), _("This campaign takes no more actions."))
    channel = payload.type
    if channel not in case_ways_to_act(case):
        raise ApiProblem(
            422,
            _("Way to act not offered"),
            _("This case does not take this way to act."),
            errors=[{"field": "type", "message": _("Not offered for this case.")}],
        )
    country = payload.person.postal_addresses[0].country.upper()
    if country not in countries:
        raise ApiProblem(
            422,
            _("Invalid request"),
            errors=[
                {"field": "person.postal_addresses.0.country", "message": _("Unknown country.")}
            ],
        )
    email = payload.person.email_addresses[0].address.strip()
    try:
        validate_email(email)
    except DjangoValidationError as exc:
        raise ApiProblem(
            422,
            _("Invalid request"),
            errors=[
                {
                    "field": "person.email_addresses.0.address",
                    "message": _("Enter a valid email address."),
                }
            ],
        ) from exc
    lengths = MESSAGE_LENGTHS.get(channel)
    body = payload.message.strip()
    if lengths is not None and not lengths[0] <= len(body) <= lengths[1]:
        raise ApiProblem(
            422,
            _("Invalid request"),
            errors=[
                {
                    "field": "message",
                    "message": _("A message must be between %(low)s and %(high)s characters.")
                    % {"low": lengths[0], "high": lengths[1]},
                }
            ],
        )
    if lengths is None:
        body = ""
    offered = {code for code, _name in settings.LANGUAGES}
    language = next(
        (code for code in payload.person.languages_spoken if code in offered),
        case.campaign.default_language,
    )
    name = " ".join(
        part
        for part in (payload.person.given_name.strip(), payload.person.family_name.strip())
        if part
    )
    if not name:
        raise ApiProblem(
            422,
            _("Invalid request"),
            errors=[{"field": "person.given_name", "message": _("A name is needed.")}],
        )

    def work() -> tuple[int, dict[str, Any]]:
        result = action_submit(
            case=case,
            channel=Channel(channel),
            email=email,
            name=name,
            country=country,
            language=language,
            base_url=settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"),
            subject=" ".join(payload.subject.split()) if body else "",
            body=body,
            source=Source.API,
            consent=(
                ConsentGiven(
                    text=payload.consent_text,
                    version="api",
                    form=f"api:{token.partner.pk}",
                )
                if payload.consent_text.strip()
                else None
            ),
            vouched_by_partner=payload.confirmed,
        )
        counter_forget(campaign=case.campaign)
        out = _outreach_out(result.action).dict()
        return (201 if result.created else 200), json.loads(json.dumps(out, default=str))

    return _keyed(request, work)


# --- People ---------------------------------------------------------------------------------------


@api.get(
    "/people",
    response={200: PersonPage, **_ERROR_RESPONSES},
    tags=["people"],
    summary="List supporters: a section's partner sees its section's",
)
def people_list(request: HttpRequest, filters: Query[PeopleQuery]) -> Any:
    token = scope_require(request, Scope.PEOPLE_READ)
    updates = Consent.objects.filter(
        supporter=OuterRef("pk"),
        purpose=Consent.Purpose.CAMPAIGN_UPDATES,
        withdrawn_at__isnull=True,
    )
    rows = (
        Supporter.objects.filter(erased_at__isnull=True, email__isnull=False)
        .select_related("section")
        .annotate(updates=Exists(updates))
    )
    section_id = _section_scope(token)
    if section_id is not None:
        rows = rows.filter(section_id=section_id)
    if filters.country:
        rows = rows.filter(country=filters.country.upper())
    if filters.since:
        rows = rows.filter(created_at__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(created_at__lt=_day_start(filters.until + _ONE_DAY))
    items, next_cursor = _page(rows, filters.cursor, filters.limit)
    return {
        "items": [
            PersonOut(
                identifiers=[f"writeathon:person:{s.pk}"],
                given_name=s.name,
                email_addresses=[
                    EmailAddress(
                        address=s.email or "",
                        status=(
                            "unsubscribed"
                            if s.email_stopped_at
                            else ("subscribed" if s.confirmed_at else "unconfirmed")
                        ),
                    )
                ],
                postal_addresses=[PostalAddress(country=str(s.country))] if s.country else [],
                languages_spoken=[s.language] if s.language else [],
                section=s.section.short_name if s.section else None,
                campaign_updates=bool(s.updates) and not s.email_stopped_at,
                created_date=s.created_at,
                modified_date=s.updated_at,
            )
            for s in items
        ],
        "next_cursor": next_cursor,
    }


# --- Tallies --------------------------------------------------------------------------------------


@api.get(
    "/tallies",
    response={200: TallyList, **_ERROR_RESPONSES},
    tags=["tallies"],
    summary="The live count of each published case",
)
def tallies_list(request: HttpRequest, campaign: str | None = None) -> Any:
    scope_require(request, Scope.COUNTS_READ)
    campaigns = Campaign.objects.exclude(status=Campaign.Status.DRAFT)
    if campaign:
        campaigns = campaigns.filter(slug=campaign)
    items: list[TallyOut] = []
    for c in campaigns.order_by("pk"):
        snapshot = counter_snapshot(campaign=c)
        items.extend(
            TallyOut(campaign=c.slug, advocacy_campaign=f"{c.slug}:{slug}", total=total)
            for slug, total in snapshot.cases.items()
        )
    return {"items": items}


@api.post(
    "/tallies",
    response={200: TalliesOut, **_ERROR_RESPONSES},
    tags=["tallies"],
    summary="Report counts made offline (a school's letters): each row once, by its reference",
    openapi_extra={
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": True,
                "schema": {"type": "string", "maxLength": 200, "minLength": 1},
            }
        ]
    },
)
def tallies_report(request: HttpRequest, payload: TalliesIn) -> Any:
    token = scope_require(request, Scope.ACTIONS_WRITE)
    rows = []
    errors = []
    for number, row in enumerate(payload.tallies):
        try:
            case = _case_find(row.advocacy_campaign)
        except Http404:
            errors.append(
                {
                    "field": f"tallies.{number}.advocacy_campaign",
                    "message": _("No published case has this identifier."),
                }
            )
            continue
        if row.country and row.country.upper() not in countries:
            errors.append({"field": f"tallies.{number}.country", "message": _("Unknown country.")})
            continue
        if row.date > timezone.localdate():
            errors.append(
                {"field": f"tallies.{number}.date", "message": _("The date is in the future.")}
            )
            continue
        rows.append((row, case))
    if errors:
        raise ApiProblem(422, _("Invalid request"), _("Nothing was counted."), errors=errors)

    def work() -> tuple[int, dict[str, Any]]:
        results = []
        for row, case in rows:
            try:
                report, moved = count_report_submit(
                    reference=f"api:{token.partner.pk}:{row.reference}",
                    source=Source.API,
                    case=case,
                    channel=Channel(row.type),
                    count=row.count,
                    day=row.date,
                    country=row.country.upper(),
                    section_id=token.partner.section_id,
                    reported_by=str(token.partner),
                    actor=f"token {token.prefix}",
                )
            except CountNotAccepted as exc:
                raise ApiProblem(
                    422,
                    _("Invalid request"),
                    _("Nothing was counted."),
                    errors=[{"field": row.reference, "message": str(exc)}],
                ) from exc
            results.append(
                TallyResult(
                    reference=row.reference,
                    counted=report.counted,
                    moved_by=moved,
                    status=report.status,
                ).dict()
            )
            counter_forget(campaign=case.campaign)
        return 200, {"results": results}

    return _keyed(request, work)
