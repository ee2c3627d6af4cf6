"""The one form of a case page records every way to act chosen, in one transaction: all of
them with one confirmation email, or, when any chosen way is invalid, nothing at all."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from tests.delivery.outbox import mail_sent
from tests.factories import (
    SupporterFactory,
    act_form_data,
    act_url,
    owner_client,
    stored_rows,
)
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.moderation.models import RecentMessage, ScreeningResult
from writeathon.supporters.models import Consent

THREE = ["email", "solidarity", "signature"]


def test_three_ways_are_three_actions_and_one_email(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    data = act_form_data(THREE, email="three@example.net", consent="on")
    data["email-body"] = "Dear Prosecutor, my own words: please release Shawkan today."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act_url(case), data)

    assert response.status_code == 302
    assert "#" not in response["Location"]
    actions = Action.objects.filter(supporter__email="three@example.net")
    assert sorted(actions.values_list("channel", flat=True)) == sorted(THREE)
    assert {a.status for a in actions} == {Action.Status.PENDING}
    assert actions.get(channel="email").body.startswith("Dear Prosecutor, my own words")
    assert actions.get(channel="solidarity").body.startswith("Shawkan, you are not alone")
    assert actions.get(channel="signature").body == ""
    # The consent given once is kept once, with the first way.
    consent = Consent.objects.get(supporter__email="three@example.net")
    assert consent.form == "case-email"
    assert len(mail_sent()) == 1

    link = re.search(r"http://testserver(/confirm/[^\s]+/)", str(mail_sent()[0].body))
    assert link is not None
    confirmed = client.post(link.group(1))
    assert "Your 3 actions now count." in confirmed.content.decode()
    assert {a.status for a in actions.all()} == {Action.Status.CONFIRMED}


def test_one_invalid_way_stores_nothing(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    before = stored_rows()
    data = act_form_data(THREE, email="careful@example.net")
    data["solidarity-body"] = "Too short"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = Client().post(act_url(case), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_solidarity-body_error"' in html
    assert "Ensure this value has at least 10 characters" in html
    assert stored_rows() == before
    assert callbacks == []
    assert mail.outbox == []
    # The ways chosen stay chosen, and what was written stays.
    for channel in THREE:
        assert (
            f'value="{channel}" id="way-{channel}" aria-describedby="way-{channel}-about" checked'
            in html
        )
    assert "Too short" in html


def test_a_way_screening_rejects_stores_nothing_of_the_others(case: Case) -> None:
    before = stored_rows()
    data = act_form_data(THREE, email="angry@example.net")
    data["solidarity-body"] = "Shawkan, I will k.i.l.l you."
    response = Client().post(act_url(case), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_solidarity-body_error"' in html
    assert "We never send threats in anyone&#x27;s name: please rewrite it." in html
    assert stored_rows() == before
    # Not even what screening remembers of the email way, which passed.
    assert not RecentMessage.objects.exists()
    assert not ScreeningResult.objects.exists()


def test_the_owners_three_ways_count_at_once(case: Case) -> None:
    owner = SupporterFactory(email="owner@example.net", confirmed=True)
    response = owner_client(owner).post(
        act_url(case), act_form_data(THREE, email="owner@example.net")
    )
    assert response.status_code == 302
    actions = Action.objects.filter(supporter=owner)
    assert actions.count() == 3
    assert {a.status for a in actions} == {Action.Status.CONFIRMED}
    assert mail.outbox == []
