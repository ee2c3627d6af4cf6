"""A forged or expired confirmation link gets a clear 400 page and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import ActionFactory, SupporterFactory
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Case
from writeathon.supporters.services import confirmation_token_make


def test_forged_link_is_400(client: Client, case: Case) -> None:
    supporter = SupporterFactory()
    action = ActionFactory(case=case, supporter=supporter)
    token = confirmation_token_make(supporter=supporter)
    forged = token[:-2] + ("xx" if not token.endswith("xx") else "yy")
    url = reverse("actions:confirm", kwargs={"token": forged})

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        html = response.content.decode()
        assert "This link does not work" in html
        assert "This confirmation link is not valid" in html

    action.refresh_from_db()
    supporter.refresh_from_db()
    assert action.status == Action.Status.PENDING
    assert supporter.confirmed_at is None
    assert Tally.objects.count() == 0


def test_expired_link_is_400_and_says_so(client: Client, case: Case) -> None:
    supporter = SupporterFactory()
    action = ActionFactory(case=case, supporter=supporter)
    with time_machine.travel("2030-12-01 09:00 +0000", tick=False) as clock:
        url = reverse(
            "actions:confirm", kwargs={"token": confirmation_token_make(supporter=supporter)}
        )
        clock.shift(timedelta(seconds=settings.CONFIRMATION_MAX_AGE_SECONDS + 60))
        responses = [client.get(url), client.post(url)]

    for response in responses:
        assert response.status_code == 400
        assert "This confirmation link has expired" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Action.Status.PENDING
    assert Tally.objects.count() == 0
