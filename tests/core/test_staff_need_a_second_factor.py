"""With STAFF_REQUIRE_2FA on, staff pages open only after a code from an authenticator app."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from writeathon.core.second_factor import second_factor_enrolment_issue

TWO_FACTOR = "/staff/two-factor/"
STAFF_PAGES = ["/admin/", "/admin/campaigns/campaign/", "/staff/outbox/", "/staff/mail/"]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def require_2fa(settings: Any) -> None:
    settings.STAFF_REQUIRE_2FA = True


@pytest.fixture(autouse=True)
def _demo_mail_files(settings: Any, tmp_path: Any) -> None:
    """The sent-mail page opens in the demo only (to its superuser, as `staff` here is)."""
    settings.MODE = "demo"
    settings.EMAIL_BACKEND = "writeathon.core.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"


@pytest.fixture
def staff(db: Any) -> Any:
    return get_user_model().objects.create_superuser(username="dana", password="pw-dana-123456")


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _enrolled(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.usefixtures("require_2fa")
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_without_a_verified_code_are_sent_to_the_second_factor_page(
    staff: Any, page: str
) -> None:
    response = _signed_in(staff).get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{TWO_FACTOR}?next=")


@pytest.mark.usefixtures("require_2fa")
def test_staff_enrol_an_authenticator_then_open_staff_pages(staff: Any) -> None:
    client = _signed_in(staff)
    _enrolment, token = second_factor_enrolment_issue(user=staff)
    link = reverse("staff-two-factor-enrol", kwargs={"token": token})
    page = client.get(link, {"next": "/staff/outbox/"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Set up your second factor" in text
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    assert "otpauth://totp/Writeathon%3Adana?secret=" in text
    assert 'src="data:image/svg+xml' in text  # the QR code, no outside service

    # Reloading shows the same key, so a scan made a moment ago still works.
    assert device.config_url in client.get(link).content.decode().replace("&amp;", "&")
    assert TOTPDevice.objects.filter(user=staff).count() == 1

    response = client.post(link, {"code": _code(device), "next": "/staff/outbox/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/outbox/"
    device.refresh_from_db()
    assert device.confirmed
    for address in STAFF_PAGES:
        assert client.get(address).status_code == 200, address


@pytest.mark.usefixtures("require_2fa")
def test_an_enrolled_account_enters_a_code_and_never_sees_its_key_again(staff: Any) -> None:
    device = _enrolled(staff)
    client = _signed_in(staff)
    page = client.get(TWO_FACTOR).content.decode()
    assert "Enter your code" in page
    assert "otpauth://" not in page
    assert TOTPDevice.objects.filter(user=staff).count() == 1  # no second device offered

    response = client.post(TWO_FACTOR, {"code": f"{_code(device)[:3]} {_code(device)[3:]}"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("require_2fa")
def test_a_wrong_or_malformed_code_is_refused_and_the_pages_stay_closed(staff: Any) -> None:
    device = _enrolled(staff)
    client = _signed_in(staff)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    for code in (wrong, "12345", "abcdef", "1" * 20, "\x00" * 6):
        response = client.post(TWO_FACTOR, {"code": code})
        assert response.status_code == 400, code
        assert 'class="errorlist"' in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert client.get("/staff/outbox/").status_code == 302


@pytest.mark.usefixtures("require_2fa")
def test_after_a_wrong_code_the_next_try_must_wait(staff: Any) -> None:
    device = _enrolled(staff)
    client = _signed_in(staff)
    start = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
        assert client.post(TWO_FACTOR, {"code": wrong}).status_code == 400
        refused = client.post(TWO_FACTOR, {"code": _code(device)})
        assert refused.status_code == 400
        assert "before trying another code" in refused.content.decode()
    with time_machine.travel(start + datetime.timedelta(seconds=31), tick=False):
        assert client.post(TWO_FACTOR, {"code": _code(device)}).status_code == 302


@pytest.mark.usefixtures("require_2fa")
def test_a_code_works_once(staff: Any) -> None:
    device = _enrolled(staff)
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)):
        code = _code(device)
        assert _signed_in(staff).post(TWO_FACTOR, {"code": code}).status_code == 302
        # Someone who saw the code cannot replay it in another session.
        assert _signed_in(staff).post(TWO_FACTOR, {"code": code}).status_code == 400


@pytest.mark.usefixtures("require_2fa")
def test_the_code_page_sends_nobody_to_another_site(staff: Any) -> None:
    device = _enrolled(staff)
    response = _signed_in(staff).post(
        TWO_FACTOR, {"code": _code(device), "next": "https://evil.example/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.usefixtures("require_2fa")
def test_visitors_and_supporters_are_not_asked_for_a_code(db: Any) -> None:
    anonymous = Client()
    assert anonymous.get(TWO_FACTOR)["Location"].startswith("/admin/login/")
    assert anonymous.get("/admin/")["Location"].startswith("/admin/login/")
    assert anonymous.get("/admin/login/").status_code == 200

    supporter = get_user_model().objects.create_user(username="sam", password="pw-sam-123456")
    client = _signed_in(supporter)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get(TWO_FACTOR)["Location"].startswith("/admin/login/")
    assert not TOTPDevice.objects.exists()


@pytest.mark.usefixtures("require_2fa")
def test_staff_can_always_sign_out(staff: Any) -> None:
    client = _signed_in(staff)
    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_with_the_setting_off_staff_pages_open_without_a_code(staff: Any, settings: Any) -> None:
    settings.STAFF_REQUIRE_2FA = False
    client = _signed_in(staff)
    for page in STAFF_PAGES:
        assert client.get(page).status_code == 200, page
    assert not TOTPDevice.objects.exists()
