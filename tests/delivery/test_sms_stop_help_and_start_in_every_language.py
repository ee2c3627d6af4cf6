"""A supporter who texts the carriers' usual word for STOP, START or HELP in any language the
site ships (Spanish ALTO or BAJA, French ARRET, Arabic إيقاف, ...), in capitals or not, with
or without accents or hamza, is understood; no case may take such a word as its keyword."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.delivery.texting import SENDER, text_message, webhook_post, with_keywords
from writeathon.campaigns.models import Campaign, Case
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter

STOP_WORDS = [
    "ALTO",
    "baja",
    "Parar",
    "CANCELAR",
    "FIN",
    "ARRET",
    "Arrêt",
    "ARRÊT!",
    "إيقاف",
    "ايقاف",
    "إلغاء",
    "الغاء",
    "توقف",
]
START_WORDS = ["ALTA", "alta", "INICIAR", "ابدأ", "ابدا", "بدء"]
HELP_WORDS = ["AYUDA", "ayuda?", "AIDE", "مساعدة", "مساعده"]


@pytest.fixture
def cases(campaign: Campaign, sms_webhook: str) -> dict[str, Case]:
    return with_keywords(campaign)


@pytest.mark.parametrize("word", STOP_WORDS)
def test_stop_in_every_language(cases: dict[str, Case], word: str) -> None:
    webhook_post(text_message("SHAWKAN"))

    response = webhook_post(text_message(word))

    assert response.json() == {"status": "stopped"}
    assert Supporter.objects.get(phone=SENDER).sms_stopped_at is not None


@pytest.mark.parametrize("word", START_WORDS)
def test_start_in_every_language(cases: dict[str, Case], word: str) -> None:
    webhook_post(text_message("ALTO"))

    response = webhook_post(text_message(word))

    assert response.json() == {"status": "started"}
    assert Supporter.objects.get(phone=SENDER).sms_stopped_at is None


@pytest.mark.parametrize("word", HELP_WORDS)
def test_help_in_every_language(cases: dict[str, Case], word: str) -> None:
    response = webhook_post(text_message(word))

    assert response.json() == {"status": "help"}
    assert Delivery.objects.filter(kind=Delivery.Kind.REPLY).count() == 1


@pytest.mark.parametrize("keyword", ["ALTO", "baja", "Arret", "AYUDA", "ALTA", "AIDE"])
def test_no_case_takes_a_reserved_word_of_any_language(case: Case, keyword: str) -> None:
    case.sms_keyword = keyword
    with pytest.raises(ValidationError) as raised:
        case.full_clean()
    assert "sms_keyword" in raised.value.message_dict
