"""Pages of write-a-thons: the public finder and event pages, RSVPs, the host's pages.

A host is signed in by opening the link emailed to their address: the session then names
the host and holds a fingerprint of the address, so a session ends when the address is
changed or erased. Nobody else can act in a host's name: the sign-in form only ever emails
the address typed, and says the same whether it belongs to a host or not.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_countries import countries

from writeathon.abuse.guard import public_post_email_check, public_post_guard, public_post_refused
from writeathon.campaigns.views import site_url
from writeathon.core.csv_safe import csv_rows_write
from writeathon.core.personal_data import personal_data_access_log
from writeathon.core.staff import staff_page, staff_permission_required
from writeathon.delivery.models import PrintPack
from writeathon.delivery.packs import PackCover, print_pack_request, print_pack_with_cover
from writeathon.events.calendar import event_ics
from writeathon.events.forms import (
    EventForm,
    FinderForm,
    HostMessageForm,
    HostSignInForm,
    ReviewForm,
    RsvpForm,
    StaffEventFilterForm,
)
from writeathon.events.links import (
    EventLinkError,
    host_fingerprint,
    host_sign_in_token_check,
    rsvp_cancel_token_check,
    rsvp_confirm_token_check,
)
from writeathon.events.models import Event, Host
from writeathon.events.selectors import (
    campaign_for_events,
    event_attendance,
    event_public_get,
    event_when,
    event_when_for_reader,
    events_by_country,
    events_for_staff,
    events_listed,
    events_on_days,
    host_event_get,
    host_events,
    known_time_zones,
    places_left,
)
from writeathon.events.services import (
    EventClosed,
    EventFull,
    HostMessagesExhausted,
    event_cancel,
    event_is_open,
    event_review,
    host_messages_left,
    host_review,
    host_sign_in,
    host_sign_in_request,
    rsvp_cancel,
    rsvp_confirm,
    rsvp_request,
)
from writeathon.events.world_map import SHADES, world_map_svg
from writeathon.sections.access import scope_label, scope_sections
from writeathon.sections.exports import export_filename
from writeathon.usecases.events import TextRefused, event_message_submit, event_submit

# The session key the host's sign-in sets: the host's id and a fingerprint of the address.
HOST_SESSION_KEY = "events_host"
_SESSION_KEY = HOST_SESSION_KEY
HostView = Callable[..., HttpResponse]


def _language() -> str:
    return get_language() or "en"


def public_place(event: Event) -> str:
    """Where the event is, as the public may know it: a home shows only its city."""
    country = str(event.country.name) if event.country else ""
    if event.mode == Event.Mode.ONLINE:
        return _("Online")
    if event.kind == Event.Kind.HOME:
        return ", ".join(part for part in (event.city, country) if part)
    return ", ".join(part for part in (event.venue, event.city, country) if part)


def _reader_zone(request: HttpRequest) -> str:
    zone = request.GET.get("tz", "")
    return zone if zone in known_time_zones() else ""


# --- The public finder ---------------------------------------------------------------------------


@require_safe
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    day_from, day_to = data.get("day_from"), data.get("day_to")
    found = events_listed(
        country=data.get("country", ""), city=data.get("city", ""), day_from=day_from, day_to=day_to
    )
    events = events_on_days(found, day_from=day_from, day_to=day_to) if valid else []
    reader_zone = data.get("tz", "")
    rows = [
        {
            "event": event,
            "when": event_when(event),
            "when_reader": event_when_for_reader(event, reader_zone),
            "place": public_place(event),
        }
        for event in events
    ]
    by_country = sorted(
        ((str(countries.name(code)), code, count) for code, count in events_by_country().items()),
        key=lambda row: row[0],
    )
    return render(
        request,
        "events/finder.html",
        {"form": form, "rows": rows, "by_country": by_country, "shades": SHADES},
        status=200 if valid else 400,
    )


@gzip_page
@require_safe
def world_map(request: HttpRequest) -> HttpResponse:
    counts = events_by_country()
    names = {
        code: ngettext("%(country)s: %(count)s event", "%(country)s: %(count)s events", n)
        % {"country": countries.name(code), "count": n}
        for code, n in counts.items()
    }
    svg = world_map_svg(counts=counts, names=names, title=_("Write-a-thons around the world"))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _event_or_404(public_id: UUID) -> Event:
    event = event_public_get(public_id=public_id)
    if event is None:
        raise Http404(_("There is no such event."))
    return event


def _detail(request: HttpRequest, event: Event, form: RsvpForm, status: int = 200) -> HttpResponse:
    reader_zone = _reader_zone(request)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "form": form,
            "when": event_when(event),
            "when_reader": event_when_for_reader(event, reader_zone),
            "place": public_place(event),
            "is_open": event_is_open(event),
            "places_left": places_left(event=event),
            "cases": list(event.cases.all()),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@public_post_guard
def detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """An event's public page, with the RSVP form. Every address gets the same answer."""
    event = _event_or_404(public_id)
    if request.method != "POST":
        return _detail(request, event, RsvpForm())
    form = RsvpForm(request.POST)
    if not form.is_valid():
        if form.guard_refusal:
            public_post_refused(request)
        return _detail(request, event, form, status=400)
    refusal = public_post_email_check(request, email=form.cleaned_data["email"], form="rsvp")
    if refusal is not None:
        return refusal
    try:
        rsvp_request(
            event=event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            language=_language(),
            base_url=site_url(request),
        )
    except EventFull:
        form.add_error(None, _("Sorry, every place is taken."))
        return _detail(request, event, form, status=409)
    except EventClosed:
        form.add_error(None, _("This event takes no more people."))
        return _detail(request, event, form, status=409)
    return render(request, "events/rsvp_sent.html", {"event": event})


@require_safe
def calendar_file(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _event_or_404(public_id)
    url = site_url(request) + reverse("events:detail", kwargs={"public_id": event.public_id})
    response = HttpResponse(
        event_ics(event=event, url=url, location=public_place(event)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="write-a-thon.ics"'
    return response


def _link_invalid(request: HttpRequest, error: EventLinkError) -> HttpResponse:
    return render(request, "events/link_invalid.html", {"expired": error.expired}, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def rsvp_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (a mail scanner opening the link confirms nothing); POST confirms."""
    try:
        rsvp = rsvp_confirm_token_check(token=token)
    except EventLinkError as error:
        return _link_invalid(request, error)
    event = rsvp.event
    if request.method != "POST":
        return render(request, "events/rsvp_confirm.html", {"rsvp": rsvp, "event": event})
    try:
        rsvp_confirm(rsvp=rsvp)
    except (EventFull, EventClosed) as exc:
        full = isinstance(exc, EventFull)
        return render(
            request, "events/rsvp_refused.html", {"event": event, "full": full}, status=409
        )
    return render(
        request,
        "events/rsvp_confirmed.html",
        {
            "event": event,
            "when": event_when(event),
            "place": public_place(event),
            "online_link": event.online_link if event.mode == Event.Mode.ONLINE else "",
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def rsvp_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        rsvp = rsvp_cancel_token_check(token=token)
    except EventLinkError as error:
        return _link_invalid(request, error)
    if request.method != "POST":
        return render(request, "events/rsvp_cancel.html", {"rsvp": rsvp, "event": rsvp.event})
    rsvp_cancel(rsvp=rsvp)
    return render(request, "events/rsvp_cancelled.html", {"event": rsvp.event})


# --- Hosts ---------------------------------------------------------------------------------------


def signed_in_host(request: HttpRequest) -> Host | None:
    """The host this browser signed in as, if their address is still the one signed in."""
    value = request.session.get(_SESSION_KEY)
    if not isinstance(value, dict) or not isinstance(value.get("id"), int):
        return None
    host = Host.objects.filter(pk=value["id"]).first()
    if host is None or host_fingerprint(host) != value.get("fp"):
        return None
    return host


def host_required(view: HostView) -> HostView:
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        host = signed_in_host(request)
        if host is None:
            messages.error(request, _("Sign in with the link we email you to reach your events."))
            return redirect("events:host-start")
        return view(request, host, *args, **kwargs)

    return checked


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@public_post_guard
def host_start(request: HttpRequest) -> HttpResponse:
    """Sign up or sign in as a host: emails a link, and answers the same for every address."""
    if request.method != "POST":
        if signed_in_host(request) is not None:
            return redirect("events:host-home")
        return render(request, "events/host_start.html", {"form": HostSignInForm()})
    form = HostSignInForm(request.POST)
    if not form.is_valid():
        if form.guard_refusal:
            public_post_refused(request)
        return render(request, "events/host_start.html", {"form": form}, status=400)
    refusal = public_post_email_check(request, email=form.cleaned_data["email"], form="host")
    if refusal is not None:
        return refusal
    host_sign_in_request(
        email=form.cleaned_data["email"],
        name=form.cleaned_data["name"],
        country=form.cleaned_data["country"],
        organisation=form.cleaned_data["organisation"],
        language=_language(),
        base_url=site_url(request),
    )
    return redirect("events:host-sent")


@require_safe
def host_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "events/host_sent.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def host_sign_in_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST signs this browser in (a link preview signs nobody in)."""
    try:
        host = host_sign_in_token_check(token=token)
    except EventLinkError as error:
        return _link_invalid(request, error)
    if request.method != "POST":
        return render(request, "events/host_sign_in.html", {"host": host})
    host = host_sign_in(host=host)
    request.session.cycle_key()  # a session fixed by someone else does not become the host's
    request.session[_SESSION_KEY] = {"id": host.pk, "fp": host_fingerprint(host)}
    return redirect("events:host-home")


@require_POST
def host_sign_out(request: HttpRequest) -> HttpResponse:
    request.session.pop(_SESSION_KEY, None)
    request.session.cycle_key()
    return redirect("events:finder")


@never_cache
@require_safe
@host_required
def host_home(request: HttpRequest, host: Host) -> HttpResponse:
    rows = [{"event": event, "when": event_when(event)} for event in host_events(host=host)]
    return render(
        request,
        "events/host_home.html",
        {"host": host, "rows": rows, "campaign": campaign_for_events()},
    )


def _event_form_page(
    request: HttpRequest, host: Host, form: EventForm, event: Event | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "events/event_form.html",
        {"host": host, "form": form, "event": event},
        status=status,
    )


def _event_save(request: HttpRequest, host: Host, event: Event | None) -> HttpResponse:
    campaign = event.campaign if event is not None else campaign_for_events()
    if campaign is None:
        return render(request, "events/no_campaign.html", status=409)
    if request.method != "POST":
        initial = (
            EventForm.initial_of(event)
            if event is not None
            else {"country": str(host.country), "languages": [_language()]}
        )
        return _event_form_page(request, host, EventForm(initial=initial, campaign=campaign), event)
    form = EventForm(request.POST, campaign=campaign)
    if not form.is_valid():
        return _event_form_page(request, host, form, event, status=400)
    try:
        submitted = event_submit(
            host=host, campaign=campaign, details=form.details(), language=_language(), event=event
        )
    except TextRefused as refused:
        for reason in refused.reasons:
            form.add_error(None, reason)
        return _event_form_page(request, host, form, event, status=400)
    except EventClosed:
        raise Http404(_("There is no such event.")) from None
    stored = submitted.event
    if stored.status == Event.Status.APPROVED:
        messages.success(request, _("Your event is saved and listed."))
    else:
        messages.info(
            request, _("Your event is saved. It will be listed once staff have looked at it.")
        )
    return redirect("events:host-event", public_id=stored.public_id)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@host_required
def event_new(request: HttpRequest, host: Host) -> HttpResponse:
    return _event_save(request, host, None)


def _host_event(host: Host, public_id: UUID) -> Event:
    event = host_event_get(host=host, public_id=public_id)
    if event is None:
        raise Http404(_("There is no such event."))
    return event


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@host_required
def event_edit(request: HttpRequest, host: Host, public_id: UUID) -> HttpResponse:
    event = _host_event(host, public_id)
    if event.status in (Event.Status.CANCELLED, Event.Status.REFUSED):
        raise Http404(_("There is no such event."))
    return _event_save(request, host, event)


def _host_event_page(
    request: HttpRequest,
    host: Host,
    event: Event,
    message_form: HostMessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "events/host_event.html",
        {
            "host": host,
            "event": event,
            "when": event_when(event),
            "place": public_place(event),
            "attendance": event_attendance(event=event),
            "message_form": message_form or HostMessageForm(),
            "messages_left": host_messages_left(event=event),
            "cases": list(event.cases.all()),
        },
        status=status,
    )


@never_cache
@require_safe
@host_required
def host_event(request: HttpRequest, host: Host, public_id: UUID) -> HttpResponse:
    return _host_event_page(request, host, _host_event(host, public_id))


@never_cache
@require_safe
@host_required
def host_event_print_pack(
    request: HttpRequest, host: Host, public_id: UUID, language: str
) -> HttpResponse:
    """The campaign's print pack in one of the event's languages, with the event's cover in
    front. While the pack is being prepared (once for every host), its page shows the
    progress; the host comes back here for the copy with their cover."""
    event = _host_event(host, public_id)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise Http404(_("There is no print pack in this language."))
    pack = print_pack_request(campaign=event.campaign, language=language)
    if pack.status != PrintPack.Status.READY or not pack.file:
        return redirect("print-pack-status", campaign_slug=event.campaign.slug, language=language)
    place = (
        event.city
        if event.kind == Event.Kind.HOME
        else ", ".join(part for part in (event.venue, event.city) if part)
    )
    cover = PackCover(
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        place=place,
        online=event.mode == Event.Mode.ONLINE,
        host_name=host.name,
        languages=tuple(event.languages or ()),
    )
    response = HttpResponse(
        print_pack_with_cover(pack=pack, cover=cover), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="print-pack-{language}.pdf"'
    return response


@require_POST
@host_required
def event_cancel_view(request: HttpRequest, host: Host, public_id: UUID) -> HttpResponse:
    event = _host_event(host, public_id)
    if event_cancel(event=event, base_url=site_url(request)):
        messages.success(request, _("Your event is cancelled."))
    return redirect("events:host-event", public_id=event.public_id)


@require_POST
@host_required
def event_message(request: HttpRequest, host: Host, public_id: UUID) -> HttpResponse:
    event = _host_event(host, public_id)
    form = HostMessageForm(request.POST)
    if not form.is_valid():
        return _host_event_page(request, host, event, form, status=400)
    try:
        sent = event_message_submit(
            event=event,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            language=_language(),
            base_url=site_url(request),
        )
    except TextRefused as refused:
        for reason in refused.reasons:
            form.add_error(None, reason)
        return _host_event_page(request, host, event, form, status=400)
    except HostMessagesExhausted:
        form.add_error(
            None, _("You have written three messages for this event today. Try again tomorrow.")
        )
        return _host_event_page(request, host, event, form, status=429)
    messages.success(
        request,
        ngettext(
            "Your message is on its way to %(count)s person.",
            "Your message is on its way to %(count)s people.",
            sent.recipient_count,
        )
        % {"count": sent.recipient_count},
    )
    return redirect("events:host-event", public_id=event.public_id)


# --- Staff ---------------------------------------------------------------------------------------

VIEW_PERMISSION = "events.view_event"
CHANGE_PERMISSION = "events.change_event"
CSV_FIELDS = (
    "public_id",
    "title",
    "status",
    "kind",
    "mode",
    "is_public",
    "starts_at",
    "ends_at",
    "time_zone",
    "city",
    "country",
    "section",
    "expected_attendees",
    "capacity",
    "coming",
    "host",
    "host_email",
)


def _staff_events(request: HttpRequest) -> tuple[StaffEventFilterForm, Any, bool]:
    form = StaffEventFilterForm(request.GET or None, sections=scope_sections(request.user))
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    section = data.get("section")
    events = events_for_staff(
        user=request.user,
        section_id=section.pk if section else None,
        country=data.get("country", ""),
        kind=data.get("kind", ""),
        status=data.get("status", ""),
    )
    return form, events, valid


@never_cache
@staff_permission_required(VIEW_PERMISSION)
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    form, events, valid = _staff_events(request)
    page = staff_page(request, events) if valid else None
    return render(
        request,
        "events/staff_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(request.GET.dict().keys() - {"page"}),
            "query": request.GET.urlencode(),
        },
        status=200 if valid else 400,
    )


@never_cache
@staff_permission_required(VIEW_PERMISSION)
@require_safe
def staff_csv(request: HttpRequest) -> HttpResponse:
    """The events the filters select, as CSV: hosts' addresses are personal data, so the
    export is logged."""
    form, events, valid = _staff_events(request)
    if not valid:
        return render(request, "events/staff_list.html", {"form": form, "page": None}, status=400)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_FIELDS)
    count = csv_rows_write(
        writer,
        (
            [
                event.public_id,
                event.title,
                event.status,
                event.kind,
                event.mode,
                event.is_public,
                event.starts_at,
                event.ends_at,
                event.time_zone,
                event.city,
                str(event.country),
                event.section.name if event.section else "",
                event.expected_attendees,
                event.capacity,
                event.coming,
                event.host.name,
                event.host.email,
            ]
            for event in events
        ),
    )
    personal_data_access_log(request=request, what="events export", reason=f"CSV, {count} rows")
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = export_filename(
        label=scope_label(request.user), what="events", on=timezone.localdate()
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _staff_event(request: HttpRequest, public_id: UUID) -> Event:
    event = events_for_staff(user=request.user).filter(public_id=public_id).first()
    if event is None:
        # The same answer for an event of another section and one that does not exist.
        raise Http404(_("There is no such event among those you may see."))
    return event


def _staff_event_page(
    request: HttpRequest, event: Event, form: ReviewForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "events/staff_event.html",
        {
            "event": event,
            "when": event_when(event),
            "form": form,
            "attendance": event_attendance(event=event),
            "cases": list(event.cases.all()),
            "can_change": request.user.has_perm(CHANGE_PERMISSION),
        },
        status=status,
    )


@never_cache
@staff_permission_required(VIEW_PERMISSION)
@require_safe
def staff_event(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _staff_event(request, public_id)
    personal_data_access_log(request=request, what="event", reason=str(event.public_id))
    return _staff_event_page(request, event, ReviewForm())


@staff_permission_required(VIEW_PERMISSION, CHANGE_PERMISSION)
@require_POST
def staff_review(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Approve or refuse an event, or its host (`what=host`), with a reason."""
    event = _staff_event(request, public_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _staff_event_page(request, event, form, status=400)
    staff_id = request.user.pk
    if staff_id is None:  # the permission check let a signed-in user through
        raise Http404
    approve = form.cleaned_data["decision"] == "approve"
    reason = form.cleaned_data["reason"].strip()
    if request.POST.get("what") == "host":
        host_review(host=event.host, approve=approve, reason=reason, user_id=staff_id)
        messages.success(
            request, _("The host is approved.") if approve else _("The host is refused.")
        )
    else:
        event_review(event=event, approve=approve, reason=reason, user_id=staff_id)
        messages.success(
            request, _("The event is approved.") if approve else _("The event is refused.")
        )
    return redirect("events:staff-event", public_id=event.public_id)
