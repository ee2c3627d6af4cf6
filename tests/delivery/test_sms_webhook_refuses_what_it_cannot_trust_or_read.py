"""The SMS webhook refuses unsigned, stale, malformed or meaningless requests with a clear
4xx, and stores nothing for them."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.delivery.gateways import SMS_WEBHOOK_SECRET
from tests.delivery.texting import stored_rows, text_message, webhook_post, with_keywords
from writeathon.campaigns.models import Campaign
from writeathon.delivery.inbound import sms_signature_make


@pytest.fixture(autouse=True)
def keywords(campaign: Campaign, sms_webhook: str) -> None:
    with_keywords(campaign)


def refused(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert isinstance(error, str) and error
    return error


@pytest.mark.parametrize(
    ("how", "post"),
    [
        ("wrong secret", lambda m: webhook_post(m, secret="not-the-secret")),
        ("no signature", lambda m: webhook_post(m, signature="")),
        ("signature without its prefix", lambda m: webhook_post(m, signature="0" * 64)),
        ("no timestamp", lambda m: webhook_post(m, timestamp="")),
        ("stale timestamp", lambda m: webhook_post(m, timestamp=str(int(time.time()) - 310))),
        ("future timestamp", lambda m: webhook_post(m, timestamp=str(int(time.time()) + 310))),
        ("timestamp not a number", lambda m: webhook_post(m, timestamp="yesterday")),
    ],
)
def test_a_request_not_signed_by_the_gateway_is_forbidden(how: str, post: Any) -> None:
    before = stored_rows()

    response = post(text_message("SHAWKAN"))

    assert "signature" in refused(response, 403)
    assert stored_rows() == before


def test_a_signature_over_another_body_is_forbidden() -> None:
    signed = json.dumps(text_message("HELP")).encode()
    timestamp = str(int(time.time()))
    signature = sms_signature_make(body=signed, timestamp=timestamp, secret=SMS_WEBHOOK_SECRET)
    before = stored_rows()

    response = webhook_post(text_message("SHAWKAN"), timestamp=timestamp, signature=signature)

    refused(response, 403)
    assert stored_rows() == before


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "JSON object"),
        (json.dumps({"from": "+12025550142", "to": "+12025550100", "text": "SHAWKAN"}), "“id”"),
        (json.dumps({"id": "SM1", "to": "+12025550100", "text": "SHAWKAN"}), "“from”"),
        (json.dumps({"id": "SM1", "from": "+12025550142", "to": "+1", "text": 7}), "“text”"),
        (json.dumps({"id": " ", "from": "+12025550142", "to": "+1", "text": "HELP"}), "empty"),
        (json.dumps(text_message("SHAWKAN " + "x" * 1600)), "1600"),
        (json.dumps(text_message("SHAWKAN", message_id="x" * 101)), "100"),
        (json.dumps(text_message("SHAWKAN", message_id="SM 1\u0000é")), "ASCII"),
        (json.dumps(text_message("SHAWKAN", sender="+1 555 0101")), "not a valid phone number"),
        (json.dumps(text_message("SHAWKAN", sender="Amnesty")), "not a valid phone number"),
    ],
)
def test_a_malformed_message_is_a_bad_request(body: str | bytes, words: str) -> None:
    before = stored_rows()

    response = webhook_post(body if isinstance(body, bytes) else body.encode())

    assert words in refused(response, 400)
    assert stored_rows() == before


def test_a_body_too_large_for_a_text_is_refused_unread() -> None:
    before = stored_rows()

    response = webhook_post(json.dumps(text_message("x" * 70_000)).encode())

    refused(response, 413)
    assert stored_rows() == before


@pytest.mark.parametrize("text", ["FREEDOM now", "", "   ", "shawkan2"])
def test_an_unknown_keyword_is_refused_with_the_valid_ones(text: str) -> None:
    before = stored_rows()

    response = webhook_post(text_message(text))

    error = refused(response, 422)
    assert "SHAWKAN" in error and "TOHTI" in error
    assert stored_rows() == before


def test_a_keyword_of_a_draft_case_or_closed_campaign_is_unknown(campaign: Campaign) -> None:
    cases = with_keywords(campaign)
    cases["shawkan"].status = "draft"
    cases["shawkan"].save()
    assert webhook_post(text_message("SHAWKAN")).status_code == 422
    Campaign.objects.filter(pk=campaign.pk).update(closes_at=timezone.now())
    before = stored_rows()

    refused(webhook_post(text_message("TOHTI")), 422)
    assert stored_rows() == before


def test_the_webhook_takes_only_posts() -> None:
    response = Client().get(reverse("sms-inbound"))
    assert response.status_code == 405


def test_without_a_secret_the_webhook_does_not_exist(settings: Any) -> None:
    settings.SMS_WEBHOOK_SECRET = ""
    before = stored_rows()

    response = webhook_post(text_message("SHAWKAN"), secret="")

    assert response.status_code == 404
    assert stored_rows() == before
