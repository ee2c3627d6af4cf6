"""Test building blocks for text messages: what the SMS gateway posts to the webhook."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.delivery.gateways import SMS_WEBHOOK_SECRET
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Campaign, Case
from writeathon.delivery.inbound import sms_signature_make
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter

# Fictional numbers (555-0100 to 555-0199), valid for phonenumbers.
SENDER = "+12025550142"
CAMPAIGN_NUMBER = "+12025550100"
_ids = itertools.count(1)


def with_keywords(campaign: Campaign) -> dict[str, Case]:
    """Give two of the sample cases a keyword: SHAWKAN and TOHTI."""
    keywords = {"shawkan": "SHAWKAN", "ilham-tohti": "Tohti"}
    for slug, keyword in keywords.items():
        Case.objects.filter(campaign=campaign, slug=slug).update(sms_keyword=keyword)
    return {slug: Case.objects.get(campaign=campaign, slug=slug) for slug in keywords}


def text_message(
    text: str, *, sender: str = SENDER, message_id: str | None = None
) -> dict[str, Any]:
    """The JSON the gateway posts for one received text message."""
    return {
        "id": message_id or f"SM{next(_ids):06d}",
        "from": sender,
        "to": CAMPAIGN_NUMBER,
        "text": text,
    }


def webhook_post(
    message: dict[str, Any] | bytes,
    *,
    secret: str = SMS_WEBHOOK_SECRET,
    timestamp: str | None = None,
    signature: str | None = None,
    client: Client | None = None,
) -> Any:
    """POST a message to the webhook as the gateway does: signed, without a CSRF token."""
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    if signature is None:
        signature = sms_signature_make(body=body, timestamp=timestamp, secret=secret)
    client = client or Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("sms-inbound"),
        data=body,
        content_type="application/json",
        headers={"X-Writeathon-Timestamp": timestamp, "X-Writeathon-Signature": signature},
    )
    return response


def stored_rows() -> dict[str, int]:
    """What a text message could write: compare before and after."""
    return {
        "actions": Action.objects.count(),
        "supporters": Supporter.objects.count(),
        "deliveries": Delivery.objects.count(),
        "tallies": Tally.objects.count(),
        "stopped": Supporter.objects.filter(sms_stopped_at__isnull=False).count(),
    }
