"""The email that brings a staff member their enrolment link is an outbox row: queued when a
superuser asks for it, written (and its token made) by the worker when it goes, retried like
every email. The token is stored nowhere in clear, neither in the row nor in the link's
record; when the email is tried again, the token of the email that goes last is the one
that opens (the newest wins), so there is never more than one valid token.

Actors: Alba, a superuser; Dana, a staff member without an authenticator.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.delivery.outbox import outbox_pass
from tests.factories import StaffUserFactory
from tests.smtp import loopback_smtp
from writeathon.core.models import SecondFactorEnrolment
from writeathon.delivery.models import Delivery

ENROL_LINKS = "/admin/core/secondfactorenrolment/"
LINK = re.compile(r"https?://[^\s/]+(/staff/two-factor/enrol/([A-Za-z0-9_-]+)/)")
DANA_PASSWORD = "pw-dana-123456"


class SecondTimeLucky:
    """A mail server that defers the first message (4xx at DATA) and takes the rest."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.accepted: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        body = message.get_payload(decode=True)
        text = body.decode() if isinstance(body, bytes) else str(body)
        self.seen.append(text)
        if len(self.seen) == 1:
            return "451 4.3.0 Try again later"
        self.accepted.append(text)
        return "250 OK"


@pytest.fixture
def mail_server() -> Iterator[SecondTimeLucky]:
    handler = SecondTimeLucky()
    with loopback_smtp(handler):
        yield handler


@pytest.fixture(autouse=True)
def _require_2fa(settings: Any) -> None:
    settings.STAFF_REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _alba() -> Client:
    user = get_user_model().objects.create_superuser(
        username="alba", email="alba@staff.example", password="pw-alba-123456"
    )
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user)
    assert client.post("/staff/two-factor/", {"code": _code(device)}).status_code == 302
    return client


def _dana_signed_in() -> Client:
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "dana", "password": DANA_PASSWORD}
    )
    assert response.status_code == 302
    return client


def _link(text: str) -> tuple[str, str]:
    found = LINK.search(text)
    assert found is not None, text
    return found.group(1), found.group(2)


@pytest.mark.django_db
def test_the_link_is_queued_written_when_sent_and_its_retry_replaces_the_first_token(
    mail_server: SecondTimeLucky,
) -> None:
    StaffUserFactory(username="dana", email="dana@staff.example", password=DANA_PASSWORD)
    alba = _alba()
    assert alba.post(f"{ENROL_LINKS}add/", {"user": 0}).status_code == 200  # no such account
    dana = get_user_model().objects.get(username="dana")
    assert alba.post(f"{ENROL_LINKS}add/", {"user": dana.pk}).status_code == 302

    # Queued, not sent: an outbox row that names the link and holds no token.
    [row] = Delivery.objects.all()
    assert (row.kind, row.status, row.recipient) == (
        Delivery.Kind.MESSAGE,
        Delivery.Status.QUEUED,
        "dana@staff.example",
    )
    [enrolment] = SecondFactorEnrolment.objects.all()
    assert enrolment.token_hash is None
    assert mail_server.seen == []

    # First try: written with a token, then deferred by the server.
    outbox_pass()
    row.refresh_from_db()
    assert row.status == Delivery.Status.FAILED
    _first_path, first_token = _link(mail_server.seen[0])

    # The retry writes the email again with a new token, which replaces the first.
    Delivery.objects.filter(pk=row.pk).update(next_try_at=timezone.now())
    outbox_pass()
    row.refresh_from_db()
    assert row.status == Delivery.Status.DELIVERED
    path, token = _link(mail_server.accepted[0])
    assert token != first_token

    # Neither token is stored in clear anywhere: only the newest one's hash.
    enrolment.refresh_from_db()
    assert enrolment.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = json.dumps(
        [
            list(Delivery.objects.values_list()),
            list(SecondFactorEnrolment.objects.values_list()),
        ],
        default=str,
    )
    assert token not in stored and first_token not in stored

    # The first email's link opens nothing; the one that went last enrols Dana.
    client = _dana_signed_in()
    assert client.get(_first_path).status_code == 404
    assert client.get(path).status_code == 200
    device = TOTPDevice.objects.get(user=dana, confirmed=False)
    assert client.post(path, {"code": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_an_email_for_a_link_replaced_before_it_went_is_called_off(
    mail_server: SecondTimeLucky,
) -> None:
    """Two links asked for before the worker ran: the first is withdrawn, so its email
    goes nowhere and only the newest link is sent."""
    StaffUserFactory(username="dana", email="dana@staff.example", password=DANA_PASSWORD)
    alba = _alba()
    dana = get_user_model().objects.get(username="dana")
    for _ in range(2):
        assert alba.post(f"{ENROL_LINKS}add/", {"user": dana.pk}).status_code == 302
    mail_server.seen.append("")  # the server takes every message from now on
    outbox_pass()
    first, second = Delivery.objects.order_by("pk")
    assert (first.status, first.cancel_reason) == (
        Delivery.Status.CANCELLED,
        Delivery.CancelReason.NOT_NEEDED,
    )
    assert second.status == Delivery.Status.DELIVERED
    [text] = mail_server.accepted
    path, _token = _link(text)
    assert _dana_signed_in().get(path).status_code == 200
