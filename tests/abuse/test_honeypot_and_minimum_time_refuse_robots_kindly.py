"""Every public action form carries a honeypot and the signed time it was shown. A filled
honeypot, a missing or forged time, a form sent faster than a person could or left open too
long: 400, nothing stored, and the form shown again with what was typed and a new time, so
that a person who sends it again gets through."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils.html import escape

from tests.abuse.conftest import VISITOR_IP
from tests.factories import act_url, action_form_data, stored_rows
from writeathon.abuse.forms import form_token_age, form_token_make
from writeathon.abuse.models import TrafficHour
from writeathon.actions.forms import WAY_FORMS
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case

START = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)
TOO_FAST = "This form was sent within seconds of the page opening."
EXPIRED = "This page was open for a long time."
NOT_ACCEPTED = "We could not accept this form as it was sent."


def _shown_token(html: str, channel: str) -> str:
    # One form for every way to act: `channel` names the way the test has in mind.
    match = re.search(r'name="shown" value="([^"]+)"', html)
    assert match, f"no shown time in the form ({channel})"
    return match.group(1)


def _refused_and_shown_again(response: Any, channel: str, message: str) -> str:
    assert response.status_code == 400
    html = response.content.decode()
    assert escape(message) in html
    assert 'value="Amira Haddad"' in html  # what was typed is kept
    return html


def test_every_way_to_act_has_both_fields_hidden_from_people(client: Client, case: Case) -> None:
    html = client.get(case.get_absolute_url()).content.decode()
    # One form for every way, so one honeypot and one time.
    assert html.count('name="website"') == html.count('name="shown"') == 1
    for channel in WAY_FORMS:
        assert f'name="ways" value="{channel}"' in html
        honeypot = re.search(r'<input[^>]*name="website"[^>]*>', html)
        assert honeypot, channel
        assert 'tabindex="-1"' in honeypot.group(0)
        assert 'autocomplete="off"' in honeypot.group(0)
        assert 'type="text"' in honeypot.group(0)
        wrapper = html[: honeypot.start()].rsplit("<div", 1)[1]
        assert 'class="visually-hidden"' in wrapper and 'aria-hidden="true"' in wrapper
        assert re.search(r'<input type="hidden" name="shown" value="[^"]+"', html)
        assert abs(form_token_age(_shown_token(html, channel))) < 5


@pytest.mark.django_db
def test_a_person_who_takes_their_time_gets_through(visitor: Client, case: Case) -> None:
    with time_machine.travel(START, tick=False) as clock:
        page = visitor.get(case.get_absolute_url()).content.decode()
        data = action_form_data("signature", shown=_shown_token(page, "signature"))
        clock.shift(timedelta(seconds=20))
        assert visitor.post(act_url(case, "signature"), data).status_code == 302
    assert Action.objects.filter(supporter__email="amira@example.com").count() == 1


def test_too_fast_is_shown_again_and_the_next_try_passes(visitor: Client, case: Case) -> None:
    with time_machine.travel(START, tick=False) as clock:
        page = visitor.get(case.get_absolute_url()).content.decode()
        data = action_form_data("email", shown=_shown_token(page, "email"))
        clock.shift(timedelta(seconds=1))
        before = stored_rows()

        response = visitor.post(act_url(case, "email"), data)

        html = _refused_and_shown_again(response, "email", TOO_FAST)
        assert 'value="Release Shawkan"' in html
        assert stored_rows() == before
        assert mail.outbox == []
        # The form shown again carries a new time: sent a few seconds later, it passes.
        first_shown = data["shown"]
        data["shown"] = _shown_token(html, "email")
        assert data["shown"] != first_shown
        clock.shift(timedelta(seconds=5))
        assert visitor.post(act_url(case, "email"), data).status_code == 302
    assert Action.objects.filter(supporter__email="amira@example.com").count() == 1


def test_a_page_left_open_too_long_is_shown_again(
    visitor: Client, case: Case, settings: Any
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        data = action_form_data("solidarity")
        clock.shift(timedelta(seconds=settings.FORM_MAX_AGE_SECONDS + 1))
        before = stored_rows()
        response = visitor.post(act_url(case, "solidarity"), data)
        html = _refused_and_shown_again(response, "solidarity", EXPIRED)
        assert stored_rows() == before
        data["shown"] = _shown_token(html, "solidarity")
        clock.shift(timedelta(seconds=10))
        assert visitor.post(act_url(case, "solidarity"), data).status_code == 302


@pytest.mark.parametrize(
    ("case_name", "fields"),
    [
        ("honeypot filled", {"website": "https://cheap-pills.example"}),
        ("honeypot only spaces", {"website": "  "}),
        ("no shown time", {"shown": None}),
        ("empty shown time", {"shown": ""}),
        ("forged signature", {"shown": f"{int((time.time() - 60) * 1000)}:forged"}),
        ("unsigned number", {"shown": str(int((time.time() - 60) * 1000))}),
        ("signed with another key", {"shown": "1921401020000:jlLaXYZmqV5Jxgw3ABms9NIrNt2AmVB"}),
        ("token of 10,000 characters", {"shown": "1" * 10_000}),
    ],
)
def test_what_only_a_robot_sends_is_refused(
    visitor: Client, case: Case, case_name: str, fields: dict[str, str | None]
) -> None:
    before = stored_rows()
    response = visitor.post(act_url(case, "signature"), action_form_data("signature", **fields))
    html = _refused_and_shown_again(response, "signature", NOT_ACCEPTED)
    assert stored_rows() == before
    assert mail.outbox == []
    # The honeypot is never filled in again for the next try.
    assert re.search(r'<input[^>]*name="website"[^>]*>', html)
    assert "cheap-pills" not in html
    traffic = TrafficHour.objects.get(kind=TrafficHour.Kind.IP, value=VISITOR_IP)
    assert (traffic.submissions, traffic.refused) == (1, 1)


def test_minimum_time_comes_from_the_settings(visitor: Client, case: Case, settings: Any) -> None:
    settings.FORM_MIN_SECONDS = 30
    data = action_form_data("signature", shown=form_token_make(shown_at=time.time() - 20))
    _refused_and_shown_again(visitor.post(act_url(case, "signature"), data), "signature", TOO_FAST)
    data["shown"] = form_token_make(shown_at=time.time() - 31)
    assert visitor.post(act_url(case, "signature"), data).status_code == 302


def test_a_time_in_the_future_is_too_fast(visitor: Client, case: Case) -> None:
    """A clock ahead on another server, or a crafted token: never accepted as old enough."""
    data = action_form_data("signature", shown=form_token_make(shown_at=time.time() + 3600))
    _refused_and_shown_again(visitor.post(act_url(case, "signature"), data), "signature", TOO_FAST)
