"""An SMS reply comes in the texter's language: the language of the word they texted (STOP,
START, HELP in every shipped language), else the main language of their number's country,
else the campaign's own."""

from __future__ import annotations

import pytest

from tests.delivery.texting import text_message, webhook_post, with_keywords
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.sms_words import sms_country_language, sms_word_fold, sms_word_language
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter

MEXICO = "+525512345678"
EGYPT = "+201001234567"
FRANCE = "+33612345678"
UNITED_STATES = "+12025550142"


@pytest.fixture
def cases(campaign: Campaign, sms_webhook: str) -> dict[str, Case]:
    return with_keywords(campaign)


def _reply() -> Delivery:
    return Delivery.objects.filter(kind=Delivery.Kind.REPLY).latest("pk")


@pytest.mark.parametrize(
    ("word", "language"),
    [
        ("STOP", "en"),
        ("ALTO", "es"),
        ("إيقاف", "ar"),
        ("ayuda", "es"),
        ("مساعدة", "ar"),
        ("ALTA", "es"),
        ("ابدأ", "ar"),
        ("HELP", "en"),
        ("SHAWKAN", ""),
        ("ARRET", "fr"),
    ],
)
def test_each_command_word_knows_its_language(word: str, language: str) -> None:
    assert sms_word_language(sms_word_fold(word)) == language


@pytest.mark.parametrize(
    ("sender", "language"), [(MEXICO, "es"), (EGYPT, "ar"), (UNITED_STATES, "en")]
)
def test_a_keyword_is_answered_in_the_language_of_the_numbers_country(
    cases: dict[str, Case], sender: str, language: str
) -> None:
    webhook_post(text_message("SHAWKAN", sender=sender))

    reply = _reply()
    assert reply.payload["language"] == language
    assert Supporter.objects.get(phone=sender).language == language
    expected = {"es": "Gracias", "ar": "شكر", "en": "Thank you"}[language]
    assert expected in reply.payload["text"]


def test_a_country_without_a_shipped_language_gets_the_campaigns(
    cases: dict[str, Case], campaign: Campaign
) -> None:
    assert sms_country_language("FR") == ""
    webhook_post(text_message("SHAWKAN", sender=FRANCE))
    assert _reply().payload["language"] == campaign.default_language


@pytest.mark.parametrize(("word", "language"), [("AYUDA", "es"), ("مساعدة", "ar"), ("HELP", "en")])
def test_help_is_answered_in_the_language_of_the_word(
    cases: dict[str, Case], word: str, language: str
) -> None:
    # A French number: its country names no shipped language, the word does.
    webhook_post(text_message(word, sender=FRANCE))
    assert _reply().payload["language"] == language


def test_the_word_wins_over_the_numbers_country(cases: dict[str, Case]) -> None:
    webhook_post(text_message("SHAWKAN", sender=EGYPT))
    webhook_post(text_message("ALTO", sender=EGYPT))
    stop = _reply()
    assert stop.payload["language"] == "es"
    assert "START" in stop.payload["text"]
