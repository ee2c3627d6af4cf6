"""STOP switches replies off (with one last confirmation), START on again; HELP explains.
A stopped number's keyword still counts, silently."""

from __future__ import annotations

import pytest

from tests.delivery.gateways import FakeGateway
from tests.delivery.outbox import outbox_pass
from tests.delivery.texting import SENDER, stored_rows, text_message, webhook_post, with_keywords
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter


@pytest.fixture
def cases(campaign: Campaign, sms_webhook: str) -> dict[str, Case]:
    return with_keywords(campaign)


def replies() -> list[Delivery]:
    return list(Delivery.objects.filter(kind=Delivery.Kind.REPLY).order_by("pk"))


@pytest.mark.parametrize(
    "word", ["STOP", "stop", "Unsubscribe", "CANCEL", "end", "QUIT", "STOPALL"]
)
def test_stop_silences_the_number_after_one_confirmation(
    cases: dict[str, Case], sms_gateway: FakeGateway, word: str
) -> None:
    webhook_post(text_message("SHAWKAN"))
    outbox_pass()  # the thank-you goes

    response = webhook_post(text_message(word))

    assert response.json() == {"status": "stopped"}
    supporter = Supporter.objects.get(phone=SENDER)
    assert supporter.sms_stopped_at is not None
    confirmation = replies()[-1]
    assert confirmation.payload["final"] is True
    assert "START" in confirmation.payload["text"]
    assert (confirmation.case, confirmation.campaign) == (None, None)

    # A keyword still counts, without a reply.
    response = webhook_post(text_message("TOHTI"))
    assert response.json() == {"status": "counted"}
    assert Action.objects.filter(supporter=supporter).count() == 2
    assert len(replies()) == 2

    outbox_pass()
    texts = [m.json()["text"] for m in sms_gateway.messages]
    assert texts == [replies()[0].payload["text"], confirmation.payload["text"]]


def test_a_reply_queued_before_the_stop_is_not_sent(
    cases: dict[str, Case], sms_gateway: FakeGateway
) -> None:
    webhook_post(text_message("SHAWKAN"))
    webhook_post(text_message("STOP"))
    thanks, confirmation = replies()

    result = outbox_pass()

    assert result.delivered == [confirmation.pk]
    assert result.dead == [thanks.pk]
    assert [m.json()["text"] for m in sms_gateway.messages] == [confirmation.payload["text"]]


def test_stop_from_a_new_number_is_remembered(cases: dict[str, Case]) -> None:
    webhook_post(text_message("STOP"))

    supporter = Supporter.objects.get(phone=SENDER)
    assert supporter.sms_stopped_at is not None
    assert len(replies()) == 1
    assert webhook_post(text_message("SHAWKAN")).json() == {"status": "counted"}
    assert len(replies()) == 1


def test_stop_again_sends_nothing_more(cases: dict[str, Case]) -> None:
    webhook_post(text_message("STOP"))
    rows = stored_rows()

    response = webhook_post(text_message("STOP"))

    assert response.status_code == 200
    assert stored_rows() == rows


def test_start_switches_replies_back_on(cases: dict[str, Case], sms_gateway: FakeGateway) -> None:
    webhook_post(text_message("STOP"))

    response = webhook_post(text_message("start"))

    assert response.json() == {"status": "started"}
    assert Supporter.objects.get(phone=SENDER).sms_stopped_at is None
    webhook_post(text_message("SHAWKAN"))
    outbox_pass()
    assert len(sms_gateway.messages) == 3  # stop confirmation, started, thank you
    assert "Shawkan" in sms_gateway.messages[-1].json()["text"]


def test_help_names_the_campaign_and_its_keywords(
    cases: dict[str, Case], sms_gateway: FakeGateway
) -> None:
    response = webhook_post(text_message("HELP"))

    assert response.json() == {"status": "help"}
    [answer] = replies()
    text = answer.payload["text"]
    assert "Write for Rights" in text
    assert "SHAWKAN" in text and "TOHTI" in text
    assert "STOP" in text
    assert len(text) <= 160
    # Nothing about the sender is stored for a question.
    assert not Supporter.objects.exists()
    outbox_pass()
    assert sms_gateway.messages[0].json()["text"] == text


def test_help_is_answered_even_to_a_stopped_number(
    cases: dict[str, Case], sms_gateway: FakeGateway
) -> None:
    webhook_post(text_message("STOP"))
    webhook_post(text_message("HELP"))

    result = outbox_pass()

    assert len(result.delivered) == 2
    assert len(sms_gateway.messages) == 2


def test_a_duplicate_stop_webhook_is_one_stop(cases: dict[str, Case]) -> None:
    message = text_message("STOP")
    webhook_post(message)
    rows = stored_rows()

    response = webhook_post(message)

    assert response.json() == {"status": "duplicate"}
    assert stored_rows() == rows
