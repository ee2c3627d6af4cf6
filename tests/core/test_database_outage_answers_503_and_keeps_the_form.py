"""While the database is down, pages answer 503 with Retry-After instead of the error page,
and a form sent meanwhile comes back with what the supporter typed, ready to send again with
one press: it says nothing was sent, logs none of it, and needs no JavaScript."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.delivery.staff import staff_user
from tests.factories import act_form_data, act_url
from tests.outage import database_unreachable
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.campaigns.services import sample_campaign_load

BODY = 'Dear Prosecutor,\n\nPlease release Shawkan: "journalism" is <not> a crime & never was.'
SUPPORTER = "amira.outage@example.com"
NOTHING_SENT = "Nothing was sent"


class _Forms(HTMLParser):
    """The forms of a page: their action, method and fields (hidden inputs, buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.forms.append({"action": values.get("action"), "method": values.get("method")})
            self.forms[-1]["fields"] = []
            self.forms[-1]["buttons"] = 0
        elif tag == "input" and self.forms:
            self.forms[-1]["fields"].append((values.get("name"), values.get("value") or ""))
        elif tag == "button" and self.forms:
            self.forms[-1]["buttons"] += 1


def _forms(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


@pytest.fixture
def case(transactional_db: Any) -> Case:
    return sample_campaign_load().cases.get(slug="shawkan")


def test_a_form_sent_during_an_outage_comes_back_and_one_press_sends_it(
    case: Case, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    supporter = Client(enforce_csrf_checks=True)
    page = supporter.get(case.get_absolute_url())
    assert page.status_code == 200
    # Two ways chosen on the one form: a field with several values comes back whole.
    typed = act_form_data(["email", "signature"], email=SUPPORTER, **{"email-body": BODY})
    typed["csrfmiddlewaretoken"] = _csrf_token(page.content.decode())
    url = act_url(case, "email")

    caplog.set_level(logging.DEBUG)
    with database_unreachable(tmp_path):
        response = supporter.post(url, typed)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert NOTHING_SENT in html
    assert not Action.objects.exists()
    # Nothing the supporter typed reaches the log.
    logged = "\n".join(record.getMessage() + str(record.exc_text) for record in caplog.records)
    assert SUPPORTER not in logged
    assert "journalism" not in logged

    [again] = [form for form in _forms(html) if form["action"] == url]
    assert again["method"] == "post"
    assert again["buttons"] == 1
    kept: dict[str, list[str]] = {}
    for name, value in again["fields"]:
        kept.setdefault(name, []).append(value)
    for name, value in typed.items():
        if name != "csrfmiddlewaretoken":
            assert kept[name] == (value if isinstance(value, list) else [value]), name
    assert kept["csrfmiddlewaretoken"]

    # The database is back: one press sends what was typed, once.
    resent = supporter.post(url, kept)
    assert resent.status_code == 302, resent.content.decode()[:500]
    assert sorted(Action.objects.values_list("channel", flat=True)) == ["email", "signature"]
    action = Action.objects.get(channel="email")
    assert action.body == BODY
    assert action.supporter is not None and action.supporter.email == SUPPORTER


def test_a_page_read_during_an_outage_is_503_in_the_readers_language(
    case: Case, tmp_path: Path
) -> None:
    visitor = Client()
    cache.clear()  # not served from the cache: the page needs the database
    with database_unreachable(tmp_path):
        response = visitor.get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    with translation.override("es"):
        said = gettext("This page cannot be shown right now.")
    assert said != "This page cannot be shown right now."
    assert said in response.content.decode()
    # A page, not a form to resend: nothing was posted.
    assert not [f for f in _forms(response.content.decode()) if f["action"] != "/i18n/setlang/"]


def test_a_staff_sign_in_during_an_outage_does_not_echo_the_password(
    case: Case, tmp_path: Path
) -> None:
    staff = Client()
    with database_unreachable(tmp_path):
        response = staff.post(
            "/admin/login/", {"username": "coordinator", "password": "s3cret-Passw0rd"}
        )
    assert response.status_code == 503
    html = response.content.decode()
    assert "s3cret-Passw0rd" not in html
    assert "coordinator" not in html


def test_the_sms_gateway_gets_a_503_it_will_retry(
    case: Case, tmp_path: Path, settings: Any
) -> None:
    settings.SMS_WEBHOOK_SECRET = "shared-with-the-gateway"
    body = b'{"id": "SM1", "from": "+12025550142", "to": "+12025550100", "text": "SHAWKAN"}'
    timestamp = str(int(time.time()))
    digest = hmac.new(
        settings.SMS_WEBHOOK_SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    )
    gateway = Client()
    with database_unreachable(tmp_path):
        response = gateway.post(
            "/webhooks/sms/",
            body,
            content_type="application/json",
            HTTP_X_WRITEATHON_TIMESTAMP=timestamp,
            HTTP_X_WRITEATHON_SIGNATURE="sha256=" + digest.hexdigest(),
        )
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]


def test_staff_whose_session_cannot_be_read_get_the_503_page_too(
    case: Case, tmp_path: Path, settings: Any
) -> None:
    # With a second factor required, a middleware reads the session before any view: the
    # outage meets no view, and the error handler answers.
    settings.STAFF_REQUIRE_2FA = True
    staff = Client(raise_request_exception=False)
    staff.force_login(staff_user("outbox-staff"))
    with database_unreachable(tmp_path):
        response = staff.get("/staff/outbox/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "This page cannot be shown right now." in response.content.decode()
