"""Without a mail server each email is an .eml file, which the demo's superuser reads.

Who else may not (other staff, production) is in test_sent_mail_is_read_only_by_the_demo_superuser.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from tests.delivery.outbox import outbox_pass
from tests.factories import StaffUserFactory, act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.mail import stored_mail_get

EML_BACKEND = "writeathon.core.mail.EmlFileBackend"


@pytest.fixture
def mail_dir(tmp_path: Path) -> Any:
    directory = tmp_path / "mail"
    with override_settings(MAIL_DIR=directory, EMAIL_BACKEND=EML_BACKEND, MODE="demo"):
        yield directory


@pytest.fixture
def staff_client(db: Any) -> Client:
    """The demo's `staff` account: a superuser."""
    client = Client()
    client.force_login(StaffUserFactory(username="staff", is_superuser=True))
    return client


def _submit(client: Client, case: Case, capture: Any, email: str) -> None:
    with capture(execute=True):
        response = client.post(
            act_url(case, "signature"), action_form_data("signature", email=email)
        )
    assert response.status_code == 302
    outbox_pass()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/staff/mail/", "/staff/mail/20301201T090000000000-abcd.eml"])
def test_visitors_are_sent_to_the_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")

    supporter_account = get_user_model().objects.create_user("reader", password="pw-123456789")
    client.force_login(supporter_account)
    assert client.get(url).status_code == 302


def test_staff_see_no_mail_yet(staff_client: Client, mail_dir: Path) -> None:
    response = staff_client.get("/staff/mail/")
    assert response.status_code == 200
    assert "No mail yet." in response.content.decode()


def test_staff_list_and_open_the_confirmation_emails(
    client: Client,
    staff_client: Client,
    case: Case,
    mail_dir: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _submit(client, case, django_capture_on_commit_callbacks, "first@example.com")
    _submit(client, case, django_capture_on_commit_callbacks, "second@example.com")
    files = sorted(mail_dir.glob("*.eml"))
    assert len(files) == 2
    assert not list(mail_dir.glob("*.tmp"))

    listing = staff_client.get("/staff/mail/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "first@example.com" in html
    assert "second@example.com" in html
    assert html.count("Shawkan") >= 2  # the subjects name the case
    for path in files:
        assert reverse("staff-mail-detail", kwargs={"name": path.name}) in html

    newest = reverse("staff-mail-detail", kwargs={"name": files[-1].name})
    detail = staff_client.get(newest)
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "second@example.com" in body
    link = re.search(r'href="http://testserver(/confirm/[^"/]+/)"', body)
    assert link is not None

    # The newcomer's path: the link from the stored mail confirms the action.
    assert client.post(link.group(1)).status_code == 200
    confirmed = Action.objects.get(supporter__email="second@example.com")
    assert confirmed.status == Action.Status.CONFIRMED
    assert Action.objects.get(supporter__email="first@example.com").status == "pending"


@pytest.mark.parametrize(
    "name",
    [
        "..%2Fsecret.eml",
        "..%5Csecret.eml",
        "%2E%2E%2Fsecret.eml",
        "..%2F..%2Fmail%2F..%2Fsecret.eml",
        "%2Ftmp%2Fsecret.eml",
        "secret.txt",
        "missing.eml",
        "x%00.eml",
        "..",
    ],
)
def test_only_files_in_the_mail_folder_can_be_read(
    staff_client: Client, mail_dir: Path, name: str
) -> None:
    mail_dir.mkdir()
    secret = mail_dir.parent / "secret.eml"
    secret.write_text("Subject: secret\n\nTOP SECRET\n")
    (mail_dir / "secret.txt").write_text("Subject: not mail\n\nTOP SECRET\n")

    response = staff_client.get(f"/staff/mail/{name}")

    assert response.status_code == 404
    assert b"TOP SECRET" not in response.content


def test_stored_mail_get_refuses_paths(mail_dir: Path) -> None:
    mail_dir.mkdir()
    (mail_dir.parent / "secret.eml").write_text("Subject: secret\n\nTOP SECRET\n")
    (mail_dir / "real.eml").write_text("Subject: real\nTo: a@example.com\n\nhello\n")
    assert stored_mail_get("../secret.eml") is None
    assert stored_mail_get("..\\secret.eml") is None
    assert stored_mail_get(str(mail_dir.parent / "secret.eml")) is None
    stored = stored_mail_get("real.eml")
    assert stored is not None
    assert (stored.subject, stored.to, stored.text.strip()) == ("real", "a@example.com", "hello")
