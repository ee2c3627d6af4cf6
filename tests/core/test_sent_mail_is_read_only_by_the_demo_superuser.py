"""Mail kept as files holds every supporter's confirmation and data links: in the demo only
its superuser reads it through the web; in production nobody does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.checks import run_checks
from django.test import Client

from tests.delivery.outbox import outbox_pass
from tests.factories import StaffUserFactory, act_url, action_form_data
from tests.sections.conftest import STAFF_PERMISSIONS
from writeathon.campaigns.models import Case
from writeathon.core.mail import stored_mail_list
from writeathon.sections.models import Section
from writeathon.sections.services import staff_membership_set

EML_BACKEND = "writeathon.core.mail.EmlFileBackend"


@pytest.fixture
def mail_dir(settings: Any, tmp_path: Path) -> Path:
    settings.EMAIL_BACKEND = EML_BACKEND
    settings.MAIL_DIR = tmp_path / "mail"
    return Path(settings.MAIL_DIR)


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _staff_with_every_permission(username: str) -> Any:
    user = StaffUserFactory(username=username)
    for label in STAFF_PERMISSIONS:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return get_user_model().objects.get(pk=user.pk)


def _a_supporter_acts(case: Case, capture: Any, email: str) -> str:
    """A supporter from Peru signs; returns the stored confirmation email's file name."""
    with capture(execute=True):
        response = Client().post(
            act_url(case, "signature"), action_form_data("signature", email=email, country="PE")
        )
    assert response.status_code == 302
    outbox_pass()
    [stored] = stored_mail_list()
    return stored.name


@pytest.fixture
def readers(campaign: Any) -> dict[str, Client]:
    peru_staff = _staff_with_every_permission("paola")
    staff_membership_set(user=peru_staff, section=Section.objects.get(country="PE"))
    international = _staff_with_every_permission("ines")
    staff_membership_set(user=international, is_international=True)
    return {
        "staff with no permission and no section": _signed_in(StaffUserFactory(username="nobody")),
        "Jordan's staff": _signed_in(_jordan_staff()),
        "Peru's staff": _signed_in(peru_staff),
        "international staff": _signed_in(international),
    }


def _jordan_staff() -> Any:
    user = _staff_with_every_permission("yousef")
    staff_membership_set(user=user, section=Section.objects.get(country="JO"))
    return user


def _superuser() -> Client:
    return _signed_in(
        get_user_model().objects.create_superuser(username="root", password="pw-root-123456")
    )


def test_in_the_demo_staff_who_are_not_superusers_read_no_mail(
    settings: Any,
    mail_dir: Path,
    case: Case,
    readers: dict[str, Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MODE = "demo"
    name = _a_supporter_acts(case, django_capture_on_commit_callbacks, "lucia@example.pe")

    for who, client in readers.items():
        for url in ("/staff/mail/", f"/staff/mail/{name}"):
            response = client.get(url)
            assert response.status_code == 403, (who, url)
            body = response.content.decode()
            assert "lucia@example.pe" not in body, who
            assert "/confirm/" not in body, who


def test_in_the_demo_the_superuser_reads_the_mail_and_its_link(
    settings: Any, mail_dir: Path, case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MODE = "demo"
    name = _a_supporter_acts(case, django_capture_on_commit_callbacks, "lucia@example.pe")
    superuser = _superuser()

    listing = superuser.get("/staff/mail/")
    assert listing.status_code == 200
    assert "lucia@example.pe" in listing.content.decode()
    detail = superuser.get(f"/staff/mail/{name}")
    assert detail.status_code == 200
    assert re.search(r'href="http://testserver/confirm/[^"/]+/"', detail.content.decode())


def test_in_production_nobody_reads_mail_files_through_the_web(
    settings: Any,
    mail_dir: Path,
    case: Case,
    readers: dict[str, Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MODE = "production"
    name = _a_supporter_acts(case, django_capture_on_commit_callbacks, "lucia@example.pe")
    assert (mail_dir / name).is_file()  # written, for the site's own user to read

    for who, client in [*readers.items(), ("a superuser", _superuser())]:
        for url in ("/staff/mail/", f"/staff/mail/{name}"):
            response = client.get(url)
            assert response.status_code == 404, (who, url)
            assert "lucia@example.pe" not in response.content.decode(), who


def test_the_admin_links_to_sent_mail_only_for_the_demo_superuser(
    settings: Any, mail_dir: Path, readers: dict[str, Client]
) -> None:
    settings.MODE = "demo"
    settings.STAFF_REQUIRE_2FA = False
    superuser, international = _superuser(), readers["international staff"]
    assert 'href="/staff/mail/"' in superuser.get("/admin/").content.decode()
    assert 'href="/staff/mail/"' not in international.get("/admin/").content.decode()
    settings.MODE = "production"
    assert 'href="/staff/mail/"' not in superuser.get("/admin/").content.decode()


def test_the_production_warning_says_what_the_files_hold(settings: Any) -> None:
    settings.MODE = "production"
    settings.EMAIL_BACKEND = EML_BACKEND
    found = run_checks(include_deployment_checks=True)
    [warning] = [message for message in found if message.id == "writeathon.W001"]
    text = str(warning.msg)
    assert "confirmation" in text and "personal" in text
    assert "not served" in text


def test_only_the_demos_thank_you_page_points_to_the_mail_files(
    settings: Any, mail_dir: Path, case: Case
) -> None:
    for mode, pointed in (("demo", True), ("production", False)):
        settings.MODE = mode
        stranger = Client()
        response = stranger.post(
            act_url(case, "signature"), action_form_data("signature", email=f"{mode}@example.pe")
        )
        html = stranger.get(response["Location"]).content.decode()
        assert ('href="/staff/mail/"' in html) is pointed, mode
        assert ("Its staff account (a superuser) can open it" in html) is pointed, mode
