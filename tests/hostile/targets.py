"""Every public form and endpoint, and the staff ones, with a valid request to each.

`TARGETS` maps a label to a builder that makes the target from a `World` (the sample
campaign and the rows a valid request needs). `NOT_REPLAYED` lists the URL patterns that are
deliberately left out, each with the reason; test_every_url_is_in_the_hostile_replay.py fails
when a URL pattern is in neither.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.delivery.gateways import SMS_WEBHOOK_SECRET
from tests.delivery.outbox import confirmed_action
from tests.delivery.staff import refused_letter
from tests.delivery.texting import SENDER, text_message, with_keywords
from tests.factories import act_url, action_form_data
from tests.hostile.replay import Field, Kind, Target
from tests.supporters.people import writer
from writeathon.abuse.forms import form_token_make
from writeathon.abuse.models import AccessRule
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.second_factor import second_factor_enrolment_issue
from writeathon.core.vocabulary import Channel
from writeathon.delivery.hand_ins import hand_in_create
from writeathon.delivery.inbound import sms_signature_make
from writeathon.delivery.models import Delivery, HandIn, PrintRun
from writeathon.events.links import (
    host_fingerprint,
    host_sign_in_token_make,
    rsvp_cancel_url,
    rsvp_confirm_url,
)
from writeathon.events.models import Event, Host, Rsvp
from writeathon.events.services import (
    EventDetails,
    event_create,
    rsvp_request,
    sample_host_store,
)
from writeathon.sections.services import staff_membership_set
from writeathon.supporters.links import (
    data_link_token_make,
    own_page_token_make,
    unsubscribe_token_make,
)
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import confirmation_token_make
from writeathon.usecases.intake import action_submit

STAFF_PERMISSIONS = (
    ("delivery", "view_delivery"),
    ("delivery", "change_delivery"),
    ("delivery", "view_handin"),
    ("delivery", "add_handin"),
    ("delivery", "change_handin"),
    ("abuse", "view_traffichour"),
    ("abuse", "add_accessrule"),
    ("abuse", "delete_accessrule"),
    ("moderation", "moderate"),
    ("reporting", "view_reports"),
    ("reporting", "view_update"),
    ("events", "view_event"),
    ("events", "change_event"),
    ("campaigns", "view_campaign"),
    ("campaigns", "change_campaign"),
)
MAIL_NAME = "20301101T120000000000-0a1b2c3d.eml"
MEDIA_NAME = "case-photo.txt"


def _client() -> Client:
    return Client(raise_request_exception=False)


class World:
    """The sample campaign and, made when first asked for, what the targets need."""

    def __init__(self, case: Case, files: Path) -> None:
        self.case = case
        self.campaign = case.campaign
        self.files = files

    @cached_property
    def anonymous(self) -> Client:
        return _client()

    @cached_property
    def staff_user(self) -> Any:
        user = get_user_model().objects.create_user(
            username="hostile-staff", password="pw-staff-123456", is_staff=True
        )
        user.user_permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in STAFF_PERMISSIONS
            ]
        )
        # International staff: print runs are theirs, and they see every section's messages.
        staff_membership_set(user=user, is_international=True)
        # A wide tolerance: the code made for the valid request must still work at its end.
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True, tolerance=20)
        return user

    @cached_property
    def enrolment_token(self) -> str:
        """A one-time link for the staff account to set up a new authenticator, with the
        device it sets up (a wide tolerance, as for the account's own device)."""
        TOTPDevice.objects.create(
            user=self.staff_user, name="Authenticator app", confirmed=False, tolerance=20
        )
        _enrolment, token = second_factor_enrolment_issue(user=self.staff_user)
        return token

    @cached_property
    def staff(self) -> Client:
        """Staff who look after the outbox and the access rules."""
        client = _client()
        client.force_login(self.staff_user)
        return client

    @cached_property
    def admin(self) -> Client:
        """A superuser, to read what was stored on the admin's pages."""
        user = get_user_model().objects.create_superuser(
            username="hostile-admin", password="pw-admin-123456"
        )
        client = _client()
        client.force_login(user)
        return client

    @cached_property
    def pending(self) -> Action:
        """An action waiting for its address to be confirmed."""
        result = action_submit(
            case=self.case,
            channel=Channel.SIGNATURE,
            email="waiting@example.net",
            name="Wafa Waiting",
            country="FR",
            language="en",
            base_url="http://testserver",
        )
        return result.action

    @cached_property
    def confirm_token(self) -> str:
        assert self.pending.supporter is not None
        return confirmation_token_make(supporter=self.pending.supporter)

    @cached_property
    def supporter(self) -> Supporter:
        """A confirmed supporter with a letter and a consent: the owner of the data links."""
        action = writer(self.case, email="owner@example.net")
        assert action.supporter is not None
        return action.supporter

    @cached_property
    def dead_letter(self) -> Delivery:
        return refused_letter(self.case, email="dead-letter@example.net")

    @cached_property
    def held_message(self) -> Delivery:
        action = confirmed_action(
            self.case, Channel.SOLIDARITY, email="solidarity@example.net", body="Stay strong."
        )
        return Delivery.objects.get(action=action)

    @cached_property
    def print_run(self) -> PrintRun:
        run = PrintRun.objects.create(
            kind=PrintRun.Kind.LETTERS,
            campaign=self.campaign,
            case=self.case,
            target=self.case.targets.first(),
            status=PrintRun.Status.READY,
        )
        run.pdf.save("hostile-run.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        return run

    @cached_property
    def hand_in(self) -> HandIn:
        """A petition made, not yet handed in."""
        target = self.case.targets.first()
        assert target is not None
        return hand_in_create(
            case=self.case,
            target=target,
            section_id=None,
            up_to=timezone.now(),
            user_id=self.staff_user.pk,
        )

    @cached_property
    def rule(self) -> AccessRule:
        return AccessRule.objects.create(
            kind=AccessRule.Kind.IP, value="192.0.2.10", action=AccessRule.Action.BLOCK
        )

    @cached_property
    def keywords(self) -> dict[str, Case]:
        return with_keywords(self.campaign)

    @cached_property
    def host(self) -> Host:
        """A trusted host with one listed event (and a person waiting to confirm for it)."""
        return sample_host_store(
            email="hostile-host@example.org",
            name="Hana Host",
            country="PE",
            language="en",
            organisation="School 7",
        )

    @cached_property
    def event(self) -> Event:
        starts = timezone.now() + timedelta(days=5)
        return event_create(
            host=self.host,
            campaign=self.campaign,
            details=EventDetails(
                title="Letters after school",
                description="Bring a pen.",
                kind=Event.Kind.SCHOOL,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                time_zone="America/Lima",
                mode=Event.Mode.IN_PERSON,
                venue="Colegio 7",
                city="Lima",
                country="PE",
                online_link="",
                is_public=True,
                expected_attendees=20,
                capacity=None,
                languages=["es"],
                cases=[self.case],
            ),
        )

    @cached_property
    def rsvp(self) -> Rsvp:
        return rsvp_request(
            event=self.event, name="Rui", email="rui@example.net", language="en", base_url=""
        )

    @cached_property
    def host_client(self) -> Client:
        """A browser in which the host opened their sign-in link."""
        client = _client()
        session = client.session
        session["events_host"] = {"id": self.host.pk, "fp": host_fingerprint(self.host)}
        session.save()
        return client

    def mail_file(self) -> None:
        folder = self.files / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MAIL_NAME).write_bytes(
            b"Subject: Please confirm\r\nTo: amira@example.com\r\n"
            b"Date: Sat, 01 Nov 2030 12:00:00 +0000\r\n\r\nHello.\r\n"
        )

    def media_file(self) -> None:
        folder = self.files / "media"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MEDIA_NAME).write_text("A photo, as far as this test knows.")


# --- What an accepted action stored, and the page that shows it ------------------------------


def _action_of(response: HttpResponse) -> Action:
    public_id = str(response["Location"]).rstrip("/").rsplit("/", 1)[-1]
    return Action.objects.select_related("supporter").get(public_id=public_id)


def _action_stored(channel: str) -> Callable[[HttpResponse], dict[str, str]]:
    def stored(response: HttpResponse) -> dict[str, str]:
        action = _action_of(response)
        assert action.supporter is not None
        return {
            "name": action.signer_name,
            f"{channel}-subject": action.subject,
            f"{channel}-body": action.body,
            "email": action.supporter.email or "",
        }

    return stored


def _action_shown(world: World) -> Callable[[HttpResponse], str]:
    def shown(response: HttpResponse) -> str:
        action = _action_of(response)
        page = world.admin.get(reverse("admin:actions_action_change", args=[action.pk]))
        assert page.status_code == 200, page.status_code
        return page.content.decode()

    return shown


# --- The targets -------------------------------------------------------------------------------

Builder = Callable[[World], Target]
Value = Callable[[World], str]


def _field(name: str, value: Value, kind: Kind, where: str = "body") -> Callable[[World], Field]:
    return lambda world: Field(name, value(world), kind, where)


def _path(name: str, value: Value, kind: Kind = Kind.STRICT) -> Callable[[World], Field]:
    return _field(name, value, kind, "path")


def _query(name: str, value: Value, kind: Kind) -> Callable[[World], Field]:
    return _field(name, value, kind, "query")


def _a_section_id(world: World) -> str:
    """A section the staff of the replay (international) may choose in the reports."""
    from writeathon.sections.models import Section

    section = Section.objects.order_by("pk").first() or Section.objects.create(
        name="Replay", country="PE"
    )
    return str(section.pk)


def _target(
    key: str,
    method: str,
    path: str,
    *fields: Callable[[World], Field],
    staff: bool = False,
    superuser: bool = False,
    bookkeeping: dict[str, str] | None = None,
    label: str = "",
) -> Builder:
    """A target whose valid request is made of `fields`, each built from the world."""

    def build(world: World) -> Target:
        made = [make(world) for make in fields]
        client = world.admin if superuser else world.staff if staff else world.anonymous
        return Target(
            key=key,
            label=label,
            method=method,
            path=path,
            fields=made,
            client=client,
            bookkeeping=bookkeeping or {},
        )

    return build


def _host_target(key: str, method: str, path: str, *fields: Callable[[World], Field]) -> Builder:
    """A target of a host's own pages, sent from the host's signed-in browser."""

    def build(world: World) -> Target:
        made = [make(world) for make in fields]
        return Target(
            key=key, label="", method=method, path=path, fields=made, client=world.host_client
        )

    return build


def _token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _act(channel: str) -> Builder:
    """The one form of a case page choosing one way to act, posted as action_form_data builds
    it; the supporter's fields have no prefix, the way's have its channel's."""

    def build(world: World) -> Target:
        world.admin  # noqa: B018 - made now: rows made inside a replayed request roll back
        data = action_form_data(channel, consent="on")
        data["ways"] = channel
        if channel == Channel.EMAIL:
            data[f"{channel}-copy_to_supporter"] = "on"
            data[f"{channel}-hide_email"] = "on"
        kinds = {
            "name": Kind.LINE,
            "subject": Kind.LINE,
            "body": Kind.TEXT,
            "email": Kind.EMAIL,
            "consent": Kind.FLAG,
            "copy_to_supporter": Kind.FLAG,
            "hide_email": Kind.FLAG,
            "country": Kind.STRICT,
            "shown": Kind.STRICT,  # the signed time the form was shown
            "website": Kind.STRICT,  # the honeypot: anything in it is a robot's
            "ways": Kind.STRICT,  # the ways chosen: one of those the case offers
        }
        return Target(
            key="actions:act",
            label="",
            method="POST",
            path=act_url(world.case, channel),
            fields=[
                Field(name, value, kinds[name.split("-", 1)[-1]]) for name, value in data.items()
            ],
            client=world.anonymous,
            prefix=channel,
            stored=_action_stored(channel),
            shown=_action_shown(world),
        )

    return build


def _sign(body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    signature = sms_signature_make(body=body, timestamp=timestamp, secret=SMS_WEBHOOK_SECRET)
    return {"X-Writeathon-Timestamp": timestamp, "X-Writeathon-Signature": signature}


def _sms_webhook(world: World) -> Target:
    """The SMS gateway's webhook: a signed JSON body, signed again for every hostile body so
    that it reaches the parser."""
    world.keywords  # noqa: B018 - SHAWKAN is a case keyword from now on
    message = text_message("SHAWKAN", sender=SENDER, message_id="SM-hostile-1")
    kinds = {"id": Kind.CHECKED, "from": Kind.STRICT, "to": Kind.CHECKED, "text": Kind.STRICT}
    return Target(
        key="sms-inbound",
        label="",
        method="POST",
        path=reverse("sms-inbound"),
        fields=[Field(name, value, kinds[name]) for name, value in message.items()],
        client=world.anonymous,
        body="json",
        sign=_sign,
    )


def _rule_add(world: World) -> Target:
    def stored(response: HttpResponse) -> dict[str, str]:
        rule = AccessRule.objects.order_by("-pk").first()
        return {"note": rule.note if rule is not None else ""}

    def shown(response: HttpResponse) -> str:
        return world.staff.get(reverse("abuse:traffic")).content.decode()

    return Target(
        key="abuse:rule-add",
        label="",
        method="POST",
        path=reverse("abuse:rule-add"),
        fields=[
            Field("kind", AccessRule.Kind.EMAIL_DOMAIN.value, Kind.STRICT),
            Field("value", "spam.example", Kind.CHECKED),
            Field("action", AccessRule.Action.BLOCK.value, Kind.STRICT),
            Field("note", "A flood of letters from one script", Kind.NOTE),
            Field("expires", "1d", Kind.STRICT),
        ],
        client=world.staff,
        stored=stored,
        shown=shown,
    )


def _current_code(world: World) -> str:
    device = TOTPDevice.objects.get(user=world.staff_user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def _enrolment_code(world: World) -> str:
    """The code of the authenticator being set up with the enrolment link."""
    device = TOTPDevice.objects.get(user=world.staff_user, confirmed=False)
    return f"{totp(device.bin_key):06d}"


def _first_target_id(world: World) -> str:
    target = world.case.targets.first()
    assert target is not None
    return str(target.pk)


_TOKEN = _path("token", lambda w: data_link_token_make(supporter=w.supporter))
_UNSUBSCRIBE = _path("token", lambda w: unsubscribe_token_make(supporter=w.supporter))
_PUBLIC_ID = _path("public_id", lambda w: str(w.pending.public_id))
_PAGE = _query("page", lambda w: "1", Kind.ID)
_WIDGET_STYLE = (
    _query("lang", lambda w: "es", Kind.STRICT),
    # Colours: six hexadecimal digits, checked and then used as they are ("000007" is one).
    _query("bg", lambda w: "ffffff", Kind.CHECKED),
    _query("fg", lambda w: "1b1f3b", Kind.CHECKED),
    _query("accent", lambda w: "ffd400", Kind.CHECKED),
    _query("size", lambda w: "m", Kind.STRICT),
)

ACT = [
    f"act-{channel}" for channel in ("email", "fax", "letter", "tweet", "solidarity", "signature")
]

# In the default run, targets that share their code share the corpus out between them: each
# entry goes to one of them in turn (to all of them with HOSTILE_EVERY_FIELD=1). The six forms
# of a case page are one view and one form class but for their message fields; the pages
# behind a data link share the decorator that checks it; the rest share a URL converter that
# refuses most hostile values before any view runs.
FAMILIES = [
    ACT,
    ["my-data-page", "my-data-json", "my-data-csv"],
    ["my-data-stop-email", "my-data-email-again", "my-data-erase"],
    ["campaign-page", "case-page"],
    ["widget-campaign", "widget-case"],
    ["thanks-page", "thanks-resend"],
    ["outbox-detail", "moderation-item", "print-run-pdf"],
    ["print-pack", "print-pack-status", "print-pack-pdf"],
    ["hand-in-pdf", "hand-in-csv"],
    ["events-detail", "events-calendar", "events-staff-event"],
    ["events-host-event", "events-event-edit", "events-event-cancel"],
    ["events-rsvp-confirm", "events-rsvp-cancel", "events-host-sign-in"],
]

TARGETS: dict[str, Builder] = {
    # The six forms of a case page.
    **{label: _act(label.removeprefix("act-")) for label in ACT},
    # Public pages and endpoints.
    "home": _target("campaigns:home", "GET", "/"),
    "campaign-page": _target(
        "campaigns:campaign",
        "GET",
        "/campaigns/{campaign_slug}/",
        _path("campaign_slug", lambda w: w.campaign.slug),
    ),
    "case-page": _target(
        "campaigns:case",
        "GET",
        "/campaigns/{campaign_slug}/cases/{case_slug}/",
        _path("campaign_slug", lambda w: w.campaign.slug),
        _path("case_slug", lambda w: w.case.slug),
    ),
    # A write-a-thon's print pack: the language page queues the build, the PDF serves it.
    "print-pack": _target(
        "print-pack",
        "GET",
        "/campaigns/{campaign_slug}/print-pack/",
        _path("campaign_slug", lambda w: w.campaign.slug),
    ),
    "print-pack-status": _target(
        "print-pack-status",
        "GET",
        "/campaigns/{campaign_slug}/print-pack/{language}/",
        _path("campaign_slug", lambda w: w.campaign.slug),
        _path("language", lambda w: "es"),
    ),
    "print-pack-pdf": _target(
        "print-pack-pdf",
        "GET",
        "/campaigns/{campaign_slug}/print-pack/{language}/pdf",
        _path("campaign_slug", lambda w: w.campaign.slug),
        _path("language", lambda w: "es"),
    ),
    "thanks-page": _target("actions:thanks", "GET", "/thanks/{public_id}/", _PUBLIC_ID),
    "thanks-resend": _target("actions:resend", "POST", "/thanks/{public_id}/resend/", _PUBLIC_ID),
    "confirm-get": _target(
        "actions:confirm", "GET", "/confirm/{token}/", _path("token", lambda w: w.confirm_token)
    ),
    "confirm-post": _target(
        "actions:confirm",
        "POST",
        "/confirm/{token}/",
        _path("token", lambda w: w.confirm_token),
        _field("reviewed", lambda w: "1", Kind.FLAG),
        _field("action", lambda w: str(w.pending.public_id), Kind.FLAG),
    ),
    "counter-json": _target(
        "counter-json",
        "GET",
        "/counter.json",
        _query("campaign", lambda w: w.campaign.slug, Kind.STRICT),
    ),
    "healthz": _target("healthz", "GET", "/healthz"),
    "set-language": _target(
        "set_language",
        "POST",
        "/i18n/setlang/",
        _field("language", lambda w: "ar", Kind.CHECKED),
        _field("next", lambda w: w.case.get_absolute_url(), Kind.REDIRECT),
    ),
    "sms-webhook": _sms_webhook,
    # A supporter's own data.
    "my-data-form": _target(
        "supporters:manage",
        "POST",
        "/my-data/",
        # An address nobody used: like most hostile ones, it gets the same page and no email.
        _field("email", lambda w: "nobody@example.net", Kind.EMAIL),
        _field("shown", lambda w: form_token_make(shown_at=time.time() - 10), Kind.STRICT),
        _field("website", lambda w: "", Kind.STRICT),
    ),
    "my-data-sent": _target("supporters:manage-sent", "GET", "/my-data/sent/"),
    "my-data-page": _target("supporters:data", "GET", "/my-data/{token}/", _TOKEN),
    "my-data-json": _target("supporters:export-json", "GET", "/my-data/{token}/data.json", _TOKEN),
    "my-data-csv": _target("supporters:export-csv", "GET", "/my-data/{token}/data.csv", _TOKEN),
    "my-data-stop-email": _target(
        "supporters:stop-email", "POST", "/my-data/{token}/stop-email/", _TOKEN
    ),
    "my-data-email-again": _target(
        "supporters:email-again",
        "POST",
        "/my-data/{token}/email-again/",
        _TOKEN,
        _field("consent", lambda w: "on", Kind.FLAG),
    ),
    "my-data-erase": _target(
        "supporters:erase",
        "POST",
        "/my-data/{token}/erase/",
        _TOKEN,
        _field("confirm", lambda w: "on", Kind.FLAG),
    ),
    "unsubscribe-get": _target(
        "supporters:unsubscribe", "GET", "/unsubscribe/{token}/", _UNSUBSCRIBE
    ),
    "unsubscribe-post": _target(
        "supporters:unsubscribe", "POST", "/unsubscribe/{token}/", _UNSUBSCRIBE
    ),
    "media": _target("media", "GET", "/media/{path}", _path("path", lambda w: MEDIA_NAME)),
    # Impact: the timeline, a supporter's own page, the widget sections frame on their sites.
    "impact": _target("impact", "GET", "/impact/"),
    "supporter-page": _target(
        "supporter-page",
        "GET",
        "/my-page/{token}/",
        _path("token", lambda w: own_page_token_make(supporter=w.supporter)),
    ),
    "widget-campaign": _target(
        "widget-campaign",
        "GET",
        "/widget/{campaign_slug}/",
        _path("campaign_slug", lambda w: w.campaign.slug),
        *_WIDGET_STYLE,
    ),
    "widget-case": _target(
        "widget-case",
        "GET",
        "/widget/{campaign_slug}/{case_slug}/",
        _path("campaign_slug", lambda w: w.campaign.slug),
        _path("case_slug", lambda w: w.case.slug),
        *_WIDGET_STYLE,
    ),
    "staff-widget": _target(
        "staff-widget",
        "GET",
        "/staff/widget/",
        _query("campaign", lambda w: str(w.campaign.pk), Kind.ID),
        _query("case", lambda w: str(w.case.pk), Kind.ID),
        *_WIDGET_STYLE,
        staff=True,
    ),
    "staff-updates": _target("staff-updates", "GET", "/staff/updates/", _PAGE, staff=True),
    # Staff pages that take input, and every staff POST.
    "outbox-list": _target(
        "outbox:list",
        "GET",
        "/staff/outbox/",
        _query("channel", lambda w: "email", Kind.STRICT),
        _query("status", lambda w: "dead", Kind.STRICT),
        _query("case", lambda w: str(w.case.pk), Kind.ID),
        _query("target", _first_target_id, Kind.ID),
        _PAGE,
        staff=True,
    ),
    "outbox-detail": _target(
        "outbox:detail",
        "GET",
        "/staff/outbox/{delivery_id}/",
        _path("delivery_id", lambda w: str(w.dead_letter.pk), Kind.ID),
        staff=True,
    ),
    "outbox-retry": _target(
        "outbox:retry",
        "POST",
        "/staff/outbox/retry/",
        _field("one", lambda w: str(w.dead_letter.pk), Kind.ID),
        _field("next", lambda w: "/staff/outbox/?status=dead", Kind.REDIRECT),
        staff=True,
    ),
    "solidarity-queue": _target(
        # Moved to the moderation queue: a redirect that keeps only a plain case id.
        "outbox:solidarity",
        "GET",
        "/staff/outbox/solidarity/",
        _query("case", lambda w: str(w.case.pk), Kind.CHECKED),
        staff=True,
    ),
    "print-runs": _target(
        "outbox:print-runs", "GET", "/staff/outbox/print-runs/", _PAGE, staff=True
    ),
    "print-run-new": _target(
        "outbox:print-run-new",
        "POST",
        "/staff/outbox/print-runs/new/",
        _field("case", lambda w: str(w.case.pk), Kind.ID),
        _field("kind", lambda w: PrintRun.Kind.LETTERS.value, Kind.STRICT),
        _field("target", _first_target_id, Kind.ID),
        staff=True,
    ),
    "print-run-pdf": _target(
        "outbox:print-run-pdf",
        "GET",
        "/staff/outbox/print-runs/{print_run_id}/pdf",
        _path("print_run_id", lambda w: str(w.print_run.pk), Kind.ID),
        staff=True,
    ),
    "print-run-posted": _target(
        "outbox:print-run-posted",
        "POST",
        "/staff/outbox/print-runs/{print_run_id}/posted/",
        _path("print_run_id", lambda w: str(w.print_run.pk), Kind.ID),
        _field("confirm", lambda w: "on", Kind.FLAG),
        staff=True,
    ),
    "hand-ins": _target("outbox:hand-ins", "GET", "/staff/outbox/hand-ins/", staff=True),
    "hand-in-case": _target(
        "outbox:hand-in-case",
        "POST",
        "/staff/outbox/hand-ins/case/{case_id}/",
        _path("case_id", lambda w: str(w.case.pk), Kind.ID),
        _field("target", _first_target_id, Kind.ID),
        _field("up_to", lambda w: "2016-12-10", Kind.STRICT),
        staff=True,
    ),
    "hand-in-pdf": _target(
        "outbox:hand-in-pdf",
        "GET",
        "/staff/outbox/hand-ins/{hand_in_id}/pdf",
        _path("hand_in_id", lambda w: str(w.hand_in.pk), Kind.ID),
        staff=True,
    ),
    "hand-in-csv": _target(
        "outbox:hand-in-csv",
        "GET",
        "/staff/outbox/hand-ins/{hand_in_id}/csv",
        _path("hand_in_id", lambda w: str(w.hand_in.pk), Kind.ID),
        staff=True,
    ),
    "hand-in-done": _target(
        "outbox:hand-in-done",
        "POST",
        "/staff/outbox/hand-ins/{hand_in_id}/handed-in/",
        _path("hand_in_id", lambda w: str(w.hand_in.pk), Kind.ID),
        _field("handed_in_on", lambda w: "2016-12-12", Kind.STRICT),
        staff=True,
    ),
    "moderation-queue": _target(
        "moderation:queue",
        "GET",
        "/staff/moderation/",
        _query("case", lambda w: str(w.held_message.case_id), Kind.ID),
        _query("channel", lambda w: Channel.SOLIDARITY.value, Kind.STRICT),
        _query("language", lambda w: "en", Kind.STRICT),
        _PAGE,
        staff=True,
    ),
    "moderation-item": _target(
        "moderation:item",
        "GET",
        "/staff/moderation/{delivery_id}/",
        _path("delivery_id", lambda w: str(w.held_message.pk), Kind.ID),
        staff=True,
    ),
    "moderation-decide": _target(
        "moderation:decide",
        "POST",
        "/staff/moderation/decide/",
        _field("one", lambda w: str(w.held_message.pk), Kind.ID),
        _field("decision", lambda w: "approve", Kind.STRICT),
        _field("note", lambda w: "Kind words: passed on.", Kind.NOTE),
        _field("next", lambda w: "/staff/moderation/?channel=solidarity", Kind.REDIRECT),
        staff=True,
    ),
    "abuse-traffic": _target("abuse:traffic", "GET", "/staff/abuse/", staff=True),
    "reports": _target(
        "reports:dashboard",
        "GET",
        "/staff/reports/",
        _query("campaign", lambda w: str(w.case.campaign_id), Kind.ID),
        _query("section", _a_section_id, Kind.ID),
        _query("channel", lambda w: "email", Kind.STRICT),
        _query("case", lambda w: str(w.case.pk), Kind.ID),
        _query("day_from", lambda w: "2016-11-01", Kind.STRICT),
        _query("day_to", lambda w: "2016-12-31", Kind.STRICT),
        staff=True,
    ),
    "reports-download": _target(
        "reports:download",
        "GET",
        "/staff/reports/{table}.{fmt}",
        _path("table", lambda w: "case-countries", Kind.STRICT),
        _path("fmt", lambda w: "xlsx", Kind.STRICT),
        _query("campaign", lambda w: str(w.case.campaign_id), Kind.ID),
        _query("section", _a_section_id, Kind.ID),
        _query("case", lambda w: str(w.case.pk), Kind.ID),
        _query("channel", lambda w: "email", Kind.STRICT),
        staff=True,
    ),
    "abuse-rule-add": _rule_add,
    "abuse-rule-remove": _target(
        "abuse:rule-remove",
        "POST",
        "/staff/abuse/rules/remove/",
        _field("rule", lambda w: str(w.rule.pk), Kind.ID),
        staff=True,
    ),
    "two-factor": _target(
        "staff-two-factor",
        "POST",
        "/staff/two-factor/",
        _field("code", _current_code, Kind.STRICT),
        _field("next", lambda w: "/staff/outbox/", Kind.REDIRECT),
        staff=True,
        # Wrong codes are counted on the device, to slow down guessing.
        bookkeeping={"otp_totp_totpdevice": "failed second-factor codes are counted"},
    ),
    "two-factor-enrol": _target(
        "staff-two-factor-enrol",
        "POST",
        "/staff/two-factor/enrol/{token}/",
        _path("token", lambda w: w.enrolment_token),
        _field("code", _enrolment_code, Kind.STRICT),
        _field("next", lambda w: "/staff/outbox/", Kind.REDIRECT),
        staff=True,
        bookkeeping={"otp_totp_totpdevice": "failed second-factor codes are counted"},
    ),
    # Write-a-thons: the public finder and event pages, the host's pages, staff's.
    "events-finder": _target(
        "events:finder",
        "GET",
        "/events/",
        _query("country", lambda w: "PE", Kind.STRICT),
        _query("city", lambda w: "Lima", Kind.CHECKED),
        _query("day_from", lambda w: "2026-12-01", Kind.STRICT),
        _query("tz", lambda w: "America/Lima", Kind.STRICT),
    ),
    "events-map": _target("events:map", "GET", "/events/map.svg"),
    "events-detail": _target(
        "events:detail",
        "GET",
        "/events/{public_id}/",
        _path("public_id", lambda w: str(w.event.public_id)),
        _query("tz", lambda w: "Asia/Tokyo", Kind.CHECKED),
    ),
    "events-calendar": _target(
        "events:calendar",
        "GET",
        "/events/{public_id}/calendar.ics",
        _path("public_id", lambda w: str(w.event.public_id)),
    ),
    "events-rsvp-confirm": _target(
        "events:rsvp-confirm",
        "GET",
        "/events/rsvp/confirm/{token}/",
        _path("token", lambda w: _token_of(rsvp_confirm_url(rsvp=w.rsvp, base_url=""))),
    ),
    "events-rsvp-cancel": _target(
        "events:rsvp-cancel",
        "GET",
        "/events/rsvp/cancel/{token}/",
        _path("token", lambda w: _token_of(rsvp_cancel_url(rsvp=w.rsvp, base_url=""))),
    ),
    "events-host-start": _target("events:host-start", "GET", "/events/host/"),
    "events-host-sent": _target("events:host-sent", "GET", "/events/host/sent/"),
    "events-host-sign-in": _target(
        "events:host-sign-in",
        "GET",
        "/events/host/sign-in/{token}/",
        _path("token", lambda w: host_sign_in_token_make(host=w.host)),
    ),
    "events-host-sign-out": _target("events:host-sign-out", "POST", "/events/host/sign-out/"),
    "events-host-home": _host_target("events:host-home", "GET", "/events/host/events/"),
    "events-event-new": _host_target("events:event-new", "GET", "/events/host/events/new/"),
    "events-host-event": _host_target(
        "events:host-event",
        "GET",
        "/events/host/events/{public_id}/",
        _path("public_id", lambda w: str(w.event.public_id)),
    ),
    "events-event-edit": _host_target(
        "events:event-edit",
        "GET",
        "/events/host/events/{public_id}/edit/",
        _path("public_id", lambda w: str(w.event.public_id)),
    ),
    "events-event-cancel": _host_target(
        "events:event-cancel",
        "POST",
        "/events/host/events/{public_id}/cancel/",
        _path("public_id", lambda w: str(w.event.public_id)),
    ),
    "events-staff-list": _target(
        "events:staff-list",
        "GET",
        "/staff/events/",
        _query("section", lambda w: str(w.event.section_id), Kind.ID),
        _query("country", lambda w: "PE", Kind.STRICT),
        _query("kind", lambda w: "school", Kind.STRICT),
        _query("status", lambda w: "approved", Kind.STRICT),
        _PAGE,
        staff=True,
    ),
    "events-staff-csv": _target(
        "events:staff-csv",
        "GET",
        "/staff/events/export.csv",
        _query("section", lambda w: str(w.event.section_id), Kind.ID),
        _query("country", lambda w: "PE", Kind.STRICT),
        _query("kind", lambda w: "school", Kind.STRICT),
        _query("status", lambda w: "approved", Kind.STRICT),
        staff=True,
    ),
    "events-staff-event": _target(
        "events:staff-event",
        "GET",
        "/staff/events/{public_id}/",
        _path("public_id", lambda w: str(w.event.public_id)),
        staff=True,
    ),
    "staff-roles": _target("staff-roles", "GET", "/staff/roles/", staff=True),
    "campaign-window": _target(
        "campaign-staff:window",
        "POST",
        "/staff/campaigns/{campaign_slug}/window/",
        _path("campaign_slug", lambda w: w.campaign.slug),
        _field("time_zone", lambda w: "Asia/Tokyo", Kind.STRICT),
        _field("opens_at", lambda w: "2016-10-05T09:00", Kind.STRICT),
        _field("closes_at", lambda w: "2099-01-31T18:00", Kind.STRICT),
        _field("reporting_deadline", lambda w: "2099-02-28T18:00", Kind.STRICT),
        staff=True,
    ),
    # The demo's mail files: its superuser's only.
    "staff-mail": _target("staff-mail", "GET", "/staff/mail/", superuser=True),
    "staff-mail-detail": _target(
        "staff-mail-detail",
        "GET",
        "/staff/mail/{name}",
        _path("name", lambda w: MAIL_NAME),
        superuser=True,
    ),
}

# URL patterns the replay leaves out, each with its reason.
_UPDATES_LEFT_OUT = (
    "Writing, previewing and sending an update to supporters: staff forms whose bad input "
    "(no language, a subject without text, a case of another campaign, a bad audience, an "
    "id too large) is refused with a reason in "
    "tests/reporting/test_staff_write_preview_and_send_updates_per_language.py; not yet "
    "replayed with the hostile corpus."
)

NOT_REPLAYED = {
    # The partner API: machines, not browsers, with a bearer token and JSON; schemathesis
    # sends every operation what its OpenAPI document allows and more, and checks that no
    # answer is a 5xx or strays from the document (tests/api/).
    **{
        f"api-v1:{name}": "The partner API, tested against its own OpenAPI document by "
        "schemathesis and by tests/api/ (bad tokens, scopes, bad bodies: 4xx problem+json)."
        for name in (
            "advocacy_campaign_get",
            "advocacy_campaigns_list",
            "api-root",
            "openapi-json",
            "openapi-view",
            "outreach_record",
            "outreaches_list",
            "people_list",
            "tallies_list",
            "tallies_report",
            "targets_list",
        )
    },
    "events:event-print-pack": "A host's print pack with their event's cover: a GET with "
    "the event's id and a language from the URL, for its signed-in host only; an unknown "
    "language and another host's event are 404 (tests/events/"
    "test_host_downloads_the_print_pack_with_the_events_cover.py).",
    "sections:section": "A section's own page: a GET with a slug, an unknown one is a 404 "
    "(tests/sections/test_a_section_runs_the_campaign_under_its_own_name.py).",
    "sections:theme": "A section's colours as CSS: a GET with a slug, an unknown one is a 404 "
    "(tests/sections/test_a_section_runs_the_campaign_under_its_own_name.py).",
    "admin": "Django's own admin (every admin/ URL): its forms are Django's, it is reached "
    "only by signed-in staff, and its use is covered by tests/admin and tests/sections.",
    "staff-update-new": _UPDATES_LEFT_OUT,
    "staff-update": _UPDATES_LEFT_OUT,
    "staff-update-edit": _UPDATES_LEFT_OUT,
    "staff-update-send": _UPDATES_LEFT_OUT,
    "campaign-staff:copy": "Staff set-up page for a new edition: its valid request makes a "
    "campaign whose address can be used once, which a replay cannot repeat; its address, name "
    "and permissions are tested in "
    "tests/campaigns/test_copy_to_a_new_edition_matches_its_source.py.",
    "campaign-staff:import": "A file upload (multipart), which the replay does not send; bad "
    "files (encoding, format, columns, size, formulas) are tested in "
    "tests/campaigns/test_import_cases_and_officials.py.",
    "campaign-staff:import-detail": "Shows one uploaded file's preview by its id (digits only "
    "by the URL pattern), for staff who may import; tested in "
    "tests/campaigns/test_import_cases_and_officials.py.",
    "campaign-staff:import-confirm": "A POST without fields that confirms one previewed file "
    "by its id; refusals of a file with bad rows are tested in "
    "tests/campaigns/test_import_cases_and_officials.py.",
    "metrics": "Operators' monitoring: a GET that reads no parameter, only its Authorization "
    "header, which is compared in constant time before anything else; wrong, missing, "
    "malformed and Basic tokens are tested in "
    "tests/delivery/test_metrics_are_for_operators_with_the_token.py.",
    # Event reports and tally imports: not replayed yet; their bad input (counts out of
    # bounds, strangers, another section's staff, broken files) is tested in tests/events.
    "event_reports:report": "A host's report form: bad counts, strangers and other hosts in "
    "tests/events/test_bad_report_input_changes_nothing.py.",
    "event_reports:signup-sheet": "A host's sign-up sheet: bad lines in "
    "tests/events/test_paper_signup_sheet_waits_for_confirmation.py.",
    "event_reports:signup-confirm": "A signed link: forged tokens in "
    "tests/events/test_paper_signup_sheet_waits_for_confirmation.py.",
    "event_reports:tallies": "Staff upload of tally files: every kind of bad file in "
    "tests/events/test_tally_import_refuses_bad_files.py.",
    "event_reports:tally-import": "Staff page of one import, by UUID, section-scoped: "
    "tests/events/test_section_staff_see_only_their_sections_reports_and_imports.py.",
    "event_reports:tally-import-start": "A staff POST without fields, section-scoped: "
    "tests/events/test_section_staff_see_only_their_sections_reports_and_imports.py.",
    "event_reports:held": "A staff GET with no parameter, section-scoped: "
    "tests/events/test_section_staff_see_only_their_sections_reports_and_imports.py.",
    "event_reports:held-review": "A staff POST (decision, reason), section-scoped: "
    "tests/events/test_host_reports_and_the_counter_moves_exactly.py and the section test.",
    "event_reports:rules": "An international staff POST (campaign, ratio): "
    "tests/events/test_host_reports_and_the_counter_moves_exactly.py.",
    "events:event-message": "A host's message to the people coming: its subject and text are "
    "checked by the form and screened before anything is stored; refusals and the daily limit "
    "are tested in tests/events/test_host_sees_who_is_coming_and_writes_to_them.py.",
    "events:staff-review": "A staff decision on an event or host: a choice and a reason, "
    "reached only by section staff with the change permission; tested in "
    "tests/events/test_staff_see_and_decide_their_sections_events.py.",
}


def share(label: str) -> tuple[int, int]:
    """This target's place in its family, and the family's size (0, 1 when alone)."""
    for family in FAMILIES:
        if label in family:
            return family.index(label), len(family)
    return 0, 1


def build_target(label: str, world: World) -> Target:
    target = TARGETS[label](world)
    target.label = label
    return target
