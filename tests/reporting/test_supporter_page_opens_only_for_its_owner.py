"""A supporter's own page, opened from the link in any email to them: what they wrote for,
on which channels, what was delivered and when, and the outcomes since. A forged, altered
or borrowed link opens nothing, and nothing on the page acts in their name."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.reporting.impact_data import outcome_post
from writeathon.core.vocabulary import Channel
from writeathon.supporters.links import data_link_token_make, own_page_url
from writeathon.supporters.models import Supporter

pytestmark = pytest.mark.django_db


def _page(client: Client, url: str) -> Any:
    return client.get(url.removeprefix("http://testserver"))


def test_the_owner_sees_their_cases_channels_deliveries_and_outcomes(case: Any) -> None:
    action = confirmed_action(case, Channel.EMAIL, email="amal@example.net")
    outbox_pass()
    outcome_post(case, texts={"en": "Released after years in prison."})
    supporter = action.supporter
    assert supporter is not None

    response = _page(Client(), own_page_url(supporter=supporter, base_url="http://testserver"))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.name in html
    assert "Email" in html
    assert "delivered" in html
    assert "Released after years in prison." in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert "<form" not in html.split('<main id="main"', 1)[1]  # it only shows


def test_a_strangers_tampered_or_other_purpose_token_opens_nothing(case: Any) -> None:
    owner = confirmed_action(case, Channel.EMAIL, email="owner@example.net").supporter
    other = confirmed_action(case, Channel.SIGNATURE, email="other@example.net").supporter
    assert owner is not None and other is not None
    url = own_page_url(supporter=owner, base_url="http://testserver")
    token = url.rstrip("/").rsplit("/", 1)[1]
    client = Client()

    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (tampered, "x" * 40, data_link_token_make(supporter=owner), token + "x"):
        response = client.get(f"/my-page/{bad}/")
        assert response.status_code == 404
        assert "owner@example.net" not in response.content.decode()

    # A link made for one supporter shows that supporter only.
    assert "other@example.net" not in _page(client, url).content.decode()

    # Erased: the link dies with the address.
    Supporter.objects.filter(pk=owner.pk).update(email=None, erased_at=timezone.now())
    assert _page(client, url).status_code == 404


def test_every_email_to_a_supporter_carries_the_link_beside_unsubscribe(case: Any) -> None:
    confirmed_action(case, Channel.EMAIL, email="writer@example.net", copy_to_supporter=False)
    from writeathon.usecases.privacy import data_link_request

    data_link_request(email="writer@example.net", base_url="http://testserver", language="en")
    outbox_pass()
    to_supporter = [m for m in mail.outbox if m.to == ["writer@example.net"]]
    assert to_supporter
    for message in to_supporter:
        link = re.search(r"http://testserver/my-page/[^/\s]+/", str(message.body))
        assert link is not None, message.body
        assert "/unsubscribe/" in message.body
        assert _page(Client(), link.group(0)).status_code == 200
