"""A case's keyword texted to the campaign number counts one action for the sender and
queues a thank-you that the worker sends through the SMS gateway."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.delivery.gateways import FakeGateway
from tests.delivery.outbox import outbox_pass
from tests.delivery.texting import SENDER, stored_rows, text_message, webhook_post, with_keywords
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.delivery.models import Delivery
from writeathon.reporting.selectors import counter_snapshot
from writeathon.supporters.models import Supporter


@pytest.fixture
def cases(campaign: Campaign, sms_webhook: str) -> dict[str, Case]:
    return with_keywords(campaign)


def case_total(case: Case) -> int:
    """What the public counter shows for the case (once its few seconds of cache pass)."""
    cache.clear()
    return counter_snapshot(campaign=case.campaign).cases[case.slug]


def test_a_keyword_counts_an_action_and_the_reply_reaches_the_gateway(
    cases: dict[str, Case], sms_gateway: FakeGateway
) -> None:
    shawkan = cases["shawkan"]
    message = text_message("  shawkan! Free him now")

    response = webhook_post(message)

    assert response.status_code == 200
    assert response.json() == {"status": "counted"}
    supporter = Supporter.objects.get(phone=SENDER)
    assert supporter.email is None
    assert supporter.confirmed_at is not None  # texting proves the number
    assert supporter.country == "US"
    action = Action.objects.get(supporter=supporter)
    assert (action.case, action.channel, action.source, action.status) == (
        shawkan,
        Channel.SMS,
        Source.SMS,
        Action.Status.CONFIRMED,
    )
    assert action.confirmed_at is not None
    assert action.country == "US"
    assert action.language == shawkan.campaign.default_language
    assert case_total(shawkan) == 1
    reply = Delivery.objects.get(kind=Delivery.Kind.REPLY)
    assert reply.idempotency_key == f"sms-reply:{message['id']}"
    assert (reply.channel, reply.recipient, reply.status) == (
        Channel.SMS,
        SENDER,
        Delivery.Status.QUEUED,
    )
    assert (reply.campaign_id, reply.case, reply.action) == (shawkan.campaign_id, shawkan, action)
    assert "Shawkan" in reply.payload["text"]
    assert "STOP" in reply.payload["text"]
    assert len(reply.payload["text"]) <= 160
    assert "final" not in reply.payload

    result = outbox_pass()

    assert result.delivered == [reply.pk]
    [sent] = sms_gateway.messages
    assert sent.json()["to"] == SENDER
    assert sent.json()["text"] == reply.payload["text"]
    assert sent.headers["idempotency-key"] == reply.idempotency_key


def test_the_same_message_delivered_twice_counts_and_replies_once(
    cases: dict[str, Case],
) -> None:
    message = text_message("SHAWKAN")
    first = webhook_post(message)
    rows = stored_rows()

    again = webhook_post(message)

    assert first.status_code == again.status_code == 200
    assert again.json() == {"status": "duplicate"}
    assert stored_rows() == rows
    assert Action.objects.count() == 1
    assert Delivery.objects.filter(kind=Delivery.Kind.REPLY).count() == 1
    assert case_total(cases["shawkan"]) == 1


def test_the_same_keyword_again_counts_nothing_and_says_so(cases: dict[str, Case]) -> None:
    webhook_post(text_message("SHAWKAN"))

    response = webhook_post(text_message("Shawkan"))

    assert response.json() == {"status": "already_counted"}
    assert Action.objects.count() == 1
    assert case_total(cases["shawkan"]) == 1
    replies = Delivery.objects.filter(kind=Delivery.Kind.REPLY).order_by("pk")
    assert len(replies) == 2
    assert "already" in replies[1].payload["text"]


def test_another_keyword_from_the_same_number_is_another_action(
    cases: dict[str, Case],
) -> None:
    webhook_post(text_message("SHAWKAN"))
    webhook_post(text_message("tohti"))

    assert Supporter.objects.filter(phone=SENDER).count() == 1
    assert set(Action.objects.values_list("case__slug", flat=True)) == {"shawkan", "ilham-tohti"}
    assert case_total(cases["ilham-tohti"]) == 1


def test_a_sender_without_the_plus_is_the_same_supporter(cases: dict[str, Case]) -> None:
    webhook_post(text_message("SHAWKAN", sender=SENDER))
    webhook_post(text_message("TOHTI", sender=SENDER.removeprefix("+")))

    assert Supporter.objects.count() == 1
    assert Action.objects.count() == 2


def test_a_texter_belongs_to_the_section_of_their_numbers_country(
    cases: dict[str, Case],
) -> None:
    from writeathon.sections.models import Section

    peru = Section.objects.get(country="PE")
    response = webhook_post(text_message("SHAWKAN", sender="+51 1 6127000"))
    assert response.status_code == 200, response.content
    assert Supporter.objects.get(phone="+5116127000").section == peru
