"""The signed "shown at" stamp of a public form is good for one accepted submission: a bot
that waited out the minimum time once cannot send the same stamp again and again. A person
who presses Back and sends again sees the form again, with what they typed and a fresh
stamp, and gets through; a school room behind one address is not held back."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.factories import act_url, action_form_data, data_link_form_data, stored_rows
from writeathon.abuse.models import UsedFormStamp
from writeathon.abuse.services import abuse_purge
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case

START = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)
ALREADY_SENT = "This form was sent already."


def _shown_token(html: str, field: str) -> str:
    match = re.search(rf'name="{field}" value="([^"]+)"', html)
    assert match, f"no {field} in the page"
    return match.group(1)


def test_a_bot_replaying_one_stamp_is_refused_after_the_first_time(case: Case, store: str) -> None:
    with time_machine.travel(START, tick=False) as clock:
        stranger = Client(REMOTE_ADDR="203.0.113.66")
        page = stranger.get(case.get_absolute_url()).content.decode()
        stamp = _shown_token(page, "shown")
        clock.shift(timedelta(seconds=10))
        url = act_url(case, "signature")
        first = action_form_data("signature", shown=stamp, email="bot0@example.net")
        assert stranger.post(url, first).status_code == 302
        before = stored_rows()

        for n in range(1, 5):
            clock.shift(timedelta(seconds=1))
            data = action_form_data("signature", shown=stamp, email=f"bot{n}@example.net")
            response = stranger.post(url, data)
            assert response.status_code == 400
            assert escape(ALREADY_SENT) in response.content.decode()

        assert stored_rows() == before
        assert Action.objects.count() == 1


def test_a_supporter_who_sends_the_same_page_twice_sees_the_same_thanks(
    case: Case, store: str
) -> None:
    """A double click, or Back and send: the same form again is the duplicate it is."""
    with time_machine.travel(START, tick=False) as clock:
        supporter = Client(REMOTE_ADDR="198.51.100.5")
        page = supporter.get(case.get_absolute_url()).content.decode()
        clock.shift(timedelta(seconds=30))
        url = act_url(case, "email")
        data = action_form_data("email", shown=_shown_token(page, "shown"))
        first = supporter.post(url, data)
        assert first.status_code == 302

        again = supporter.post(url, data)

        assert again.status_code == 302
        assert again["Location"] == first["Location"]
    assert Action.objects.count() == 1


def test_a_supporter_who_goes_back_and_changes_the_form_gets_through_on_the_next_try(
    case: Case, store: str
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        supporter = Client(REMOTE_ADDR="198.51.100.5")
        page = supporter.get(case.get_absolute_url()).content.decode()
        clock.shift(timedelta(seconds=30))
        url = act_url(case, "email")
        data = action_form_data("email", shown=_shown_token(page, "shown"))
        assert supporter.post(url, data).status_code == 302

        # Back, a typo in the address put right, and the same page sent again.
        clock.shift(timedelta(seconds=20))
        data["email"] = "amira.haddad@example.com"
        before = stored_rows()
        again = supporter.post(url, data)

        assert again.status_code == 400
        assert stored_rows() == before
        html = again.content.decode()
        assert escape(ALREADY_SENT) in html
        assert 'value="amira.haddad@example.com"' in html  # what was typed is kept
        fresh = _shown_token(html, "shown")
        assert fresh != data["shown"]
        clock.shift(timedelta(seconds=5))
        assert supporter.post(url, {**data, "shown": fresh}).status_code == 302
    assert Action.objects.count() == 2


def test_a_school_room_on_one_address_each_sends_their_own_page(
    pupil: Callable[[], Client], case: Case, store: str
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        browsers = [pupil() for _ in range(12)]
        pages = [b.get(case.get_absolute_url()).content.decode() for b in browsers]
        clock.shift(timedelta(seconds=40))
        for n, (browser, page) in enumerate(zip(browsers, pages, strict=True)):
            data = action_form_data(
                "signature",
                shown=_shown_token(page, "shown"),
                email=f"pupil{n}@school.example",
            )
            assert browser.post(act_url(case, "signature"), data).status_code == 302, n
    assert Action.objects.count() == 12


def test_the_manage_my_data_form_takes_a_stamp_once(client: Client, db: Any, store: str) -> None:
    data = data_link_form_data("amira@example.com")
    assert client.post(reverse("supporters:manage"), data).status_code == 302
    again = client.post(reverse("supporters:manage"), {**data, "email": "victim@example.org"})
    assert again.status_code == 400
    assert escape(ALREADY_SENT) in again.content.decode()


def test_used_stamps_are_forgotten_once_they_could_no_longer_pass(
    case: Case, settings: Any
) -> None:
    settings.RATE_LIMIT_STORE = "database"
    with time_machine.travel(START, tick=False) as clock:
        data = action_form_data("signature")
        assert Client().post(act_url(case, "signature"), data).status_code == 302
        assert UsedFormStamp.objects.count() == 1
        clock.shift(timedelta(seconds=settings.FORM_MAX_AGE_SECONDS))
        abuse_purge()
        assert UsedFormStamp.objects.count() == 1
        clock.shift(timedelta(minutes=2))
        abuse_purge()
        assert UsedFormStamp.objects.count() == 0
