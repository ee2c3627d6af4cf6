"""A supporter who acted by text message is erased too: their number goes from the supporter,
from the replies sent to it, and their action keeps counting."""

from __future__ import annotations

import json

import pytest
from django.core import serializers

from tests.delivery.texting import SENDER, with_keywords
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign
from writeathon.delivery.models import Delivery
from writeathon.reporting.selectors import counter_forget, counter_snapshot
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import sms_inbound_handle
from writeathon.usecases.privacy import supporter_erase

pytestmark = pytest.mark.django_db


def test_erasure_forgets_the_number_and_the_replies(campaign: Campaign) -> None:
    with_keywords(campaign)
    sms_inbound_handle(message_id="m-1", sender=SENDER, text="SHAWKAN")
    sms_inbound_handle(message_id="m-2", sender=SENDER, text="HELP")
    supporter = Supporter.objects.get(phone=SENDER)
    assert Delivery.objects.filter(kind=Delivery.Kind.REPLY, recipient=SENDER).count() == 2
    counter_forget(campaign=campaign)
    before = counter_snapshot(campaign=campaign).total

    assert supporter_erase(supporter_id=supporter.pk)

    everything = json.dumps(
        [
            serializers.serialize("json", model.objects.all())
            for model in (Supporter, Action, Delivery)
        ]
    )
    assert SENDER not in everything and SENDER[1:] not in everything
    replies = Delivery.objects.filter(kind=Delivery.Kind.REPLY)
    assert replies.count() == 2
    assert all(reply.recipient == "" for reply in replies)
    assert Action.objects.get(supporter=supporter).status == Action.Status.CONFIRMED
    counter_forget(campaign=campaign)
    assert counter_snapshot(campaign=campaign).total == before
    assert not supporter_erase(supporter_id=supporter.pk)  # nothing left to erase
