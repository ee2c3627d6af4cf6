# ruff: noqa: RUF001  (letters in Cyrillic and Arabic, on purpose)
"""A letter's layout, direction, date and country follow the language it is written in, not
the interface its writer used; a solidarity card follows the language of its message.

Each letter goes the whole way: written through the intake from an interface in another
language and script, turned into the official's letter by the outbox, rendered, and read
back from the PDF.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tests.delivery.pdf_reading import find_characters, page_characters, page_texts
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.documents import delivery_letter, print_cards_pdf
from writeathon.delivery.models import Delivery
from writeathon.delivery.pdf import letter_pdf, text_language
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.intake import action_submit

# Where lines begin and end on an A4 page with its 22 mm margins, in points.
LEFT_MARGIN = 22 * 72 / 25.4
RIGHT_MARGIN = (210 - 22) * 72 / 25.4
WRITTEN_ON = datetime(2016, 12, 10, 12, 0, tzinfo=UTC)
RUSSIAN = "Прошу вас немедленно и безоговорочно освободить его."
ARABIC = "نحن نقف مع شوكان ونطالب بالإفراج عنه بعد سنوات من السجن."


def _written(case: Case, *, interface: str, body: str, channel: Channel = Channel.LETTER) -> Action:
    """A confirmed action written from the pages in `interface`, by a writer in Egypt."""
    email = f"writer-{interface}-{channel}@example.net"
    supporter, _created = supporter_get_or_create(
        email=email, name="Amal Writer", country="EG", language=interface
    )
    Supporter.objects.filter(pk=supporter.pk).update(confirmed_at=timezone.now())
    with time_machine.travel(WRITTEN_ON, tick=False):
        result = action_submit(
            case=case,
            channel=channel,
            email=email,
            name="Amal Writer",
            country="EG",
            language=interface,
            base_url="http://testserver",
            subject="" if channel == Channel.SOLIDARITY else body[:40],
            body=body if channel == Channel.SOLIDARITY else f"{body}\n\n{body}",
            browser_owner_id=supporter.pk,
        )
    assert result.counted
    return result.action


def _letter_pdf(action: Action) -> bytes:
    delivery = Delivery.objects.filter(action=action, kind=Delivery.Kind.LETTER).first()
    assert delivery is not None
    return letter_pdf(delivery_letter(delivery))


@pytest.fixture(autouse=True)
def _pdf_cache(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path


def test_a_russian_letter_from_the_arabic_pages_reads_left_to_right_dated_in_russian(
    case: Case,
) -> None:
    pdf = _letter_pdf(_written(case, interface="ar", body=RUSSIAN))

    [text] = page_texts(pdf)
    assert "10 декабря 2016 г." in text  # dated the Russian way
    assert "Египет" in text  # the writer's country, in Russian
    assert "مصر" not in text and "ديسمبر" not in text  # nothing in Arabic
    sentence = find_characters(page_characters(pdf), RUSSIAN)
    # Left to right: the sentence starts at the left margin and reads on to the right.
    assert sentence[0].left == pytest.approx(LEFT_MARGIN, abs=5)
    assert sentence[0].left < sentence[-1].left


def test_an_arabic_letter_from_the_english_pages_reads_right_to_left(case: Case) -> None:
    pdf = _letter_pdf(_written(case, interface="en", body=ARABIC))

    [text] = page_texts(pdf)
    assert "Dec. 10, 2016" not in text
    assert "10 ديسمبر" in text  # dated the Arabic way
    assert "Amal Writer\nمصر" in text  # the writer's country, in Arabic
    sentence = find_characters(page_characters(pdf), ARABIC)
    assert sentence[0].right == pytest.approx(RIGHT_MARGIN, abs=5)
    assert sentence[-1].right < min(c.left for c in sentence[:-1])


def test_a_letter_in_the_interfaces_own_script_keeps_its_language(case: Case) -> None:
    """A Spanish letter from the Spanish pages is dated in Spanish; English from the English
    pages stays as it was."""
    spanish = "Le pido que lo libere de inmediato: está en peligro, señor ministro."
    [text] = page_texts(_letter_pdf(_written(case, interface="es", body=spanish)))
    assert "10 de diciembre de 2016" in text
    english = "Journalism is not a crime: please release him now."
    [text] = page_texts(_letter_pdf(_written(case, interface="en", body=english)))
    assert "Dec. 10, 2016" in text


def test_a_card_follows_the_language_of_its_message(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(solidarity_needs_review=False)
    case.refresh_from_db()
    message = "Мы с тобой. Держись, ты не один!"
    action = _written(case, interface="ar", body=message, channel=Channel.SOLIDARITY)
    card = Delivery.objects.get(action=action, kind=Delivery.Kind.SOLIDARITY)

    pdf = print_cards_pdf([card], case=case, note="")

    characters = page_characters(pdf, 1)  # after the cover sheet
    drawn = find_characters(characters, message)
    page_width = 210 * 72 / 25.4
    # Left to right, on the left half of the card, not against its right edge.
    assert drawn[0].left < drawn[-1].left
    assert drawn[0].left < page_width / 2
    assert "Египет" in "".join(page_texts(pdf))


@pytest.mark.parametrize(
    ("declared", "text", "language"),
    [
        ("ar", RUSSIAN, "ru"),
        ("en", ARABIC, "ar"),
        ("fa", ARABIC, "fa"),  # Persian is written in Arabic letters: kept
        ("es", "Libérenlo ya.", "es"),
        ("en", "שחררו אותו עכשיו", "he"),
        ("en", "彼を直ちに釈放してください。", "ja"),
        ("ar", "我们敦促你们立即释放他。", "zh"),
        ("ar", "Release him now.", "en"),
        ("ar", "12345 !!!", "ar"),  # no letters: nothing to go by
    ],
)
def test_the_language_of_a_text_is_told_by_its_script(
    declared: str, text: str, language: str
) -> None:
    assert text_language(declared, text) == language
