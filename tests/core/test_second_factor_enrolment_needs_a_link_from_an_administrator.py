"""A password alone never enrols an authenticator: enrolment needs a one-time link.

Actors: Alba, a superuser who hands out enrolment links; Dana, a staff member without an
authenticator yet, to whom Alba sends one; Yousef, another staff member; an attacker who has
Dana's password (and nothing else); a staff member with no permission at all.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
from email.message import Message
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import SmtpServer, free_port
from tests.delivery.outbox import outbox_pass
from tests.factories import StaffUserFactory
from writeathon.cli import _demo_second_factor_link
from writeathon.core.models import SecondFactorEnrolment
from writeathon.delivery.models import Delivery

TWO_FACTOR = "/staff/two-factor/"
ENROL_LINKS = "/admin/core/secondfactorenrolment/"
DANA_PASSWORD = "pw-dana-123456"
LINK = re.compile(r"https?://[^\s/]+(/staff/two-factor/enrol/[A-Za-z0-9_-]+/)")
NOON = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.UTC)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture(autouse=True)
def _require_2fa(settings: Any) -> None:
    settings.STAFF_REQUIRE_2FA = True
    settings.STAFF_ENROLMENT_LINK_HOURS = 24


@pytest.fixture
def dana(db: Any) -> Any:
    """Staff, with a password and an email address, and no authenticator yet."""
    return StaffUserFactory(username="dana", email="dana@staff.example", password=DANA_PASSWORD)


@pytest.fixture
def yousef(db: Any) -> Any:
    return StaffUserFactory(username="yousef", email="yousef@staff.example", password="pw-y-1234")


@pytest.fixture
def alba(db: Any) -> Client:
    """A superuser, signed in with password and authenticator."""
    user = get_user_model().objects.create_superuser(
        username="alba", email="alba@staff.example", password="pw-alba-123456"
    )
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user)
    assert client.post(TWO_FACTOR, {"code": _code(device)}).status_code == 302
    return client


def _signed_in_with_password(username: str, password: str) -> Client:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _issue(alba: Client, user: Any) -> None:
    """Alba sends `user` a link; the outbox worker then writes and sends its email."""
    response = alba.post(f"{ENROL_LINKS}add/", {"user": user.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    outbox_pass()


def _link_in(message: Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    found = LINK.search(body.decode(message.get_content_charset() or "utf-8"))
    assert found is not None, body
    return found.group(1)


def _enrol(client: Client, link: str) -> TOTPDevice:
    page = client.get(link)
    assert page.status_code == 200, page.content.decode()[:500]
    assert "otpauth://totp/" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="dana", confirmed=False)
    response = client.post(link, {"code": _code(device), "next": "/staff/outbox/"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == "/staff/outbox/"
    return device


def test_an_attacker_with_only_the_password_cannot_enrol(dana: Any) -> None:
    attacker = _signed_in_with_password("dana", DANA_PASSWORD)

    page = attacker.get(TWO_FACTOR)
    assert page.status_code == 403
    text = page.content.decode()
    assert "Ask an administrator" in text
    assert "otpauth://" not in text and "qr-code" not in text
    assert not TOTPDevice.objects.exists()  # no key was made for anyone to see

    assert attacker.post(TWO_FACTOR, {"code": "123456"}).status_code == 403
    assert attacker.get("/staff/two-factor/enrol/made-up-token/").status_code == 404
    assert not TOTPDevice.objects.exists()
    assert attacker.get("/admin/")["Location"].startswith(f"{TWO_FACTOR}?next=")
    assert attacker.get("/staff/outbox/")["Location"].startswith(f"{TWO_FACTOR}?next=")


def test_an_administrator_sends_a_link_and_the_staff_member_enrols_with_it(
    alba: Client, dana: Any, smtp_server: SmtpServer
) -> None:
    _issue(alba, dana)
    [message] = smtp_server.inbox.messages
    assert message["To"] == "dana@staff.example"
    link = _link_in(message)

    # Only a hash of the token is kept: the database alone opens nothing.
    token = link.rstrip("/").rpartition("/")[2]
    [enrolment] = SecondFactorEnrolment.objects.all()
    assert enrolment.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(SecondFactorEnrolment.objects.values_list()))

    # Opening the link needs Dana's password too: a visitor is sent to sign in first.
    visitor = Client()
    assert visitor.get(link)["Location"].startswith("/admin/login/")

    client = _signed_in_with_password("dana", DANA_PASSWORD)
    device = _enrol(client, link)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.used_at is not None


def test_a_link_works_once(alba: Client, dana: Any, smtp_server: SmtpServer) -> None:
    _issue(alba, dana)
    link = _link_in(smtp_server.inbox.messages[0])
    first = _signed_in_with_password("dana", DANA_PASSWORD)
    second = _signed_in_with_password("dana", DANA_PASSWORD)
    assert second.get(link).status_code == 200  # opened in two browsers before either finished

    device = _enrol(first, link)
    refused = second.post(link, {"code": _code(device)})
    assert refused.status_code == 404
    assert "Ask an administrator for a new one" in refused.content.decode()

    # Even with the device gone (a lost phone), the used link enrols nothing again.
    TOTPDevice.objects.filter(user=dana).delete()
    third = _signed_in_with_password("dana", DANA_PASSWORD)
    assert third.get(link).status_code == 404
    assert third.post(link, {"code": "123456"}).status_code == 404
    assert not TOTPDevice.objects.filter(user=dana).exists()


def test_an_expired_link_is_refused(alba: Client, dana: Any, smtp_server: SmtpServer) -> None:
    with time_machine.travel(NOON, tick=False):
        _issue(alba, dana)
    link = _link_in(smtp_server.inbox.messages[0])
    with time_machine.travel(NOON + datetime.timedelta(hours=24, seconds=1), tick=False):
        client = _signed_in_with_password("dana", DANA_PASSWORD)
        assert client.get(link).status_code == 404
        assert client.post(link, {"code": "123456"}).status_code == 404
    assert not TOTPDevice.objects.filter(user=dana).exists()


def test_a_link_works_only_for_the_account_it_was_sent_to(
    alba: Client, dana: Any, yousef: Any, smtp_server: SmtpServer
) -> None:
    _issue(alba, dana)
    link = _link_in(smtp_server.inbox.messages[0])

    other = _signed_in_with_password("yousef", "pw-y-1234")
    assert other.get(link).status_code == 404
    assert other.post(link, {"code": "123456"}).status_code == 404
    assert not TOTPDevice.objects.filter(user__in=[dana, yousef]).exists()

    # Yousef's attempt spent nothing: Dana still enrols with her link.
    device = _enrol(_signed_in_with_password("dana", DANA_PASSWORD), link)
    assert device.user_id == dana.pk


def test_a_new_link_replaces_the_one_sent_before(
    alba: Client, dana: Any, smtp_server: SmtpServer
) -> None:
    _issue(alba, dana)
    _issue(alba, dana)
    old, new = (_link_in(message) for message in smtp_server.inbox.messages)
    client = _signed_in_with_password("dana", DANA_PASSWORD)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_only_superusers_issue_links(dana: Any, yousef: Any) -> None:
    """Staff with every permission on links, or with none, cannot send one."""
    permitted = StaffUserFactory(username="perm", password="pw-perm-1234")
    permitted.user_permissions.set(
        Permission.objects.filter(content_type__app_label="core", codename__endswith="enrolment")
    )
    nobody = StaffUserFactory(username="noperm", password="pw-noperm-1234")
    for user in (permitted, nobody):
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        client = Client()
        client.force_login(user)
        assert client.post(TWO_FACTOR, {"code": _code(device)}).status_code == 302
        assert client.get(f"{ENROL_LINKS}add/").status_code == 403
        assert client.post(f"{ENROL_LINKS}add/", {"user": dana.pk}).status_code == 403
    assert not SecondFactorEnrolment.objects.exists()


def test_an_account_without_an_email_address_gets_no_link(alba: Client, db: Any) -> None:
    nameless = StaffUserFactory(username="nomail", email="", password="pw-nomail-1")
    response = alba.post(f"{ENROL_LINKS}add/", {"user": nameless.pk})
    assert response.status_code == 200
    assert "has no email address" in response.content.decode()
    assert not SecondFactorEnrolment.objects.exists()


def test_the_command_line_prints_a_link_for_the_first_superuser(db: Any, settings: Any) -> None:
    settings.SITE_URL = "https://write.example.org"
    get_user_model().objects.create_superuser(
        username="first", email="", password="pw-first-123456"
    )
    out = io.StringIO()
    call_command("second_factor_link", "first", stdout=out)
    found = LINK.search(out.getvalue())
    assert found is not None, out.getvalue()
    assert out.getvalue().count("https://write.example.org/staff/two-factor/enrol/") == 1

    client = _signed_in_with_password("first", "pw-first-123456")
    page = client.get(found.group(1))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username="first")
    assert client.post(found.group(1), {"code": _code(device)}).status_code == 302

    with pytest.raises(CommandError, match="No staff account"):
        call_command("second_factor_link", "nobody-here", stdout=io.StringIO())
    get_user_model().objects.create_user(username="sam", password="pw-sam-123456")
    with pytest.raises(CommandError, match="No staff account"):
        call_command("second_factor_link", "sam", stdout=io.StringIO())


def test_the_demo_prints_a_link_while_its_staff_account_has_no_authenticator(db: Any) -> None:
    get_user_model().objects.create_superuser(username="staff", email="", password="pw-demo-1")
    link = _demo_second_factor_link("staff", "http://127.0.0.1:8000")
    assert link is not None and link.startswith("http://127.0.0.1:8000/staff/two-factor/enrol/")
    client = _signed_in_with_password("staff", "pw-demo-1")
    path = link.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    device = TOTPDevice.objects.get(user__username="staff")
    assert client.post(path, {"code": _code(device)}).status_code == 302
    assert _demo_second_factor_link("staff", "http://127.0.0.1:8000") is None


def test_when_the_mail_server_is_down_no_link_is_made_until_the_email_goes(
    alba: Client, dana: Any, smtp_server: SmtpServer
) -> None:
    response = alba.post(f"{ENROL_LINKS}add/", {"user": dana.pk}, follow=True)
    assert response.status_code == 200
    assert "An enrolment link is on its way to dana@staff.example" in response.content.decode()
    with override_settings(EMAIL_PORT=free_port()):  # nobody listens
        outbox_pass()
    [row] = Delivery.objects.all()
    assert row.status == Delivery.Status.FAILED  # tried again later, like every email
    [enrolment] = SecondFactorEnrolment.objects.all()
    assert enrolment.token_hash is None  # no token was made: nothing could open

    Delivery.objects.filter(pk=row.pk).update(next_try_at=timezone.now())
    outbox_pass()
    link = _link_in(smtp_server.inbox.messages[0])
    _enrol(_signed_in_with_password("dana", DANA_PASSWORD), link)
