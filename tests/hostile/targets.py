"""Every public form and endpoint, and the staff ones, with a valid request to each.

`TARGETS` maps a label to a builder that makes the target from a `World` (the sample
campaign and the rows a valid request needs). `NOT_REPLAYED` lists the URL patterns that are
deliberately left out, each with the reason; test_every_url_is_in_the_hostile_replay.py fails
when a URL pattern is in neither.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
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
from writeathon.delivery.inbound import sms_signature_make
from writeathon.delivery.models import Delivery, PrintRun
from writeathon.sections.services import staff_membership_set
from writeathon.supporters.links import data_link_token_make, unsubscribe_token_make
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import confirmation_token_make
from writeathon.usecases.intake import action_submit

STAFF_PERMISSIONS = (
    ("delivery", "view_delivery"),
    ("delivery", "change_delivery"),
    ("abuse", "view_traffichour"),
    ("abuse", "add_accessrule"),
    ("abuse", "delete_accessrule"),
    ("moderation", "moderate"),
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
    def rule(self) -> AccessRule:
        return AccessRule.objects.create(
            kind=AccessRule.Kind.IP, value="192.0.2.10", action=AccessRule.Action.BLOCK
        )

    @cached_property
    def keywords(self) -> dict[str, Case]:
        return with_keywords(self.campaign)

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
    ["thanks-page", "thanks-resend"],
    ["outbox-detail", "moderation-item", "print-run-pdf"],
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
NOT_REPLAYED = {
    "admin": "Django's own admin (every admin/ URL): its forms are Django's, it is reached "
    "only by signed-in staff, and its use is covered by tests/admin and tests/sections.",
    "metrics": "Operators' monitoring: a GET that reads no parameter, only its Authorization "
    "header, which is compared in constant time before anything else; wrong, missing, "
    "malformed and Basic tokens are tested in "
    "tests/delivery/test_metrics_are_for_operators_with_the_token.py.",
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
