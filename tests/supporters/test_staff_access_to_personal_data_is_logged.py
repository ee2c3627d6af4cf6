"""Staff looking at personal data leave a trace: the admin's supporter, consent and action
pages and the mail viewer log who looked at what, when and where. Staff read the log in the
admin, where nobody can change it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.test import Client

from tests.supporters.people import writer
from writeathon.campaigns.models import Case
from writeathon.core.mail import EmlFileBackend, stored_mail_list
from writeathon.core.models import PersonalDataAccess
from writeathon.supporters.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db: Any) -> tuple[Any, Client]:
    user = get_user_model().objects.create_superuser(username="sofia", password="pw-staff-1")
    client = Client()
    client.force_login(user)
    return user, client


def _log() -> list[tuple[str, str, str, str]]:
    return [
        (entry.username, entry.what, entry.object_id, entry.path)
        for entry in PersonalDataAccess.objects.order_by("pk")
    ]


def test_admin_lists_and_records_of_personal_data_are_logged(
    case: Case, staff: tuple[Any, Client]
) -> None:
    user, client = staff
    action = writer(case, email="seen@example.net")
    assert action.supporter is not None
    consent = Consent.objects.get(supporter=action.supporter)
    pages = [
        ("/admin/supporters/supporter/", "supporter list", ""),
        (f"/admin/supporters/supporter/{action.supporter.pk}/change/", "supporter", "s"),
        ("/admin/supporters/consent/", "consent list", ""),
        (f"/admin/supporters/consent/{consent.pk}/change/", "consent", "c"),
        ("/admin/actions/action/", "action list", ""),
        (f"/admin/actions/action/{action.pk}/change/", "action", "a"),
        (f"/admin/supporters/supporter/{action.supporter.pk}/history/", "supporter history", "s"),
    ]
    ids = {"s": str(action.supporter.pk), "c": str(consent.pk), "a": str(action.pk), "": ""}

    for path, _what, _key in pages:
        assert client.get(path).status_code == 200, path

    assert _log() == [("sofia", what, ids[key], path) for path, what, key in pages]
    assert all(entry.user_id == user.pk for entry in PersonalDataAccess.objects.all())


def test_a_search_is_logged_without_the_address_searched(
    case: Case, staff: tuple[Any, Client]
) -> None:
    _user, client = staff
    writer(case, email="searched@example.net")

    response = client.get("/admin/supporters/supporter/", {"q": "searched@example.net"})

    assert response.status_code == 200
    [entry] = PersonalDataAccess.objects.all()
    assert entry.path == "/admin/supporters/supporter/"
    assert "searched" not in str(_log())


def test_reading_mail_in_the_staff_viewer_is_logged(
    staff: tuple[Any, Client], settings: Any, tmp_path: Path
) -> None:
    _user, client = staff
    settings.MODE = "demo"  # the only mode whose mail files are read on the web
    settings.EMAIL_BACKEND = "writeathon.core.mail.EmlFileBackend"
    settings.MAIL_DIR = tmp_path / "mail"
    EmlFileBackend().send_messages(
        [EmailMessage(subject="Hello", body="Private words", to=["reader@example.net"])]
    )
    [stored] = stored_mail_list()

    assert client.get("/staff/mail/").status_code == 200
    assert client.get(f"/staff/mail/{stored.name}").status_code == 200

    assert [(what, object_id) for _u, what, object_id, _p in _log()] == [
        ("mail list", ""),
        ("mail", stored.name),
    ]


def test_visitors_who_are_not_staff_see_nothing_and_leave_no_entry(
    case: Case, client: Client
) -> None:
    writer(case, email="private@example.net")
    get_user_model().objects.create_user(username="reader", password="pw-reader-12345")
    reader = Client()
    reader.login(username="reader", password="pw-reader-12345")

    for visitor in (client, reader):
        response = visitor.get("/admin/supporters/supporter/")
        assert response.status_code == 302
        assert "private@example.net" not in response.content.decode()
        assert visitor.get("/staff/mail/").status_code == 302

    assert not PersonalDataAccess.objects.exists()


def test_staff_read_the_log_and_cannot_change_it(case: Case, staff: tuple[Any, Client]) -> None:
    _user, client = staff
    client.get("/admin/supporters/supporter/")
    entry = PersonalDataAccess.objects.get()

    listing = client.get("/admin/core/personaldataaccess/")
    filtered = client.get(
        "/admin/core/personaldataaccess/", {"user__id__exact": str(entry.user_id)}
    )

    assert listing.status_code == 200 and filtered.status_code == 200
    assert "sofia" in filtered.content.decode()
    assert client.get("/admin/core/personaldataaccess/add/").status_code == 403
    response = client.post(
        f"/admin/core/personaldataaccess/{entry.pk}/change/", {"what": "nothing"}
    )
    assert response.status_code == 403
    assert (
        client.post(
            f"/admin/core/personaldataaccess/{entry.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.what == "supporter list"
    # Reading the log is not itself a look at personal data.
    assert PersonalDataAccess.objects.count() == 1
