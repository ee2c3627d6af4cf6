"""A hand-in counts every signature but names only the signers whose words cover it: a
signature given on the signature form ("Add your name to the appeal"). An erased signer,
or a signature that came in another way, is "Signed" with the country only. The cover letter
states what the petition asks, in the official's language, and the CSV cannot run formulas."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation

from tests.delivery.pdf_reading import find_characters, page_characters, page_texts
from tests.delivery.petitions import signature
from writeathon.campaigns.models import Appeal, Case, Target
from writeathon.core.vocabulary import Source
from writeathon.delivery.hand_ins import (
    hand_in_create,
    hand_in_csv,
    hand_in_pdf,
    hand_in_preview,
    hand_in_up_to,
)
from writeathon.delivery.models import HandIn
from writeathon.usecases.privacy import supporter_erase


@pytest.fixture(autouse=True)
def _pdf_cache(settings: Any, tmp_path: Any) -> None:
    settings.PDF_CACHE_DIR = tmp_path


def _hand_in(case: Case, language: str = "en") -> HandIn:
    target = case.targets.first()
    assert target is not None
    Target.objects.filter(pk=target.pk).update(language=language)
    target.refresh_from_db()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="maker", is_staff=True)
    return hand_in_create(
        case=case, target=target, section_id=None, up_to=timezone.now(), user_id=user.pk
    )


def _text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def test_who_is_named_and_who_only_counted(case: Case) -> None:
    signature(case, email="ana@example.pe", name="Ana Quispe", country="PE")
    gone = signature(case, email="erased@example.fr", name="Erased Person", country="FR")
    signature(
        case, email="sheet@example.ke", name="Imported Signer", country="KE", source=Source.IMPORT
    )
    assert gone.supporter_id is not None
    supporter_erase(supporter_id=gone.supporter_id)

    hand_in = _hand_in(case)
    text = _text(hand_in_pdf(hand_in=hand_in))

    assert hand_in.count == 3
    assert "3 people signed this petition up to" in " ".join(text.split())
    # In the order they signed: the erased signer's country went with their data.
    assert "1 Ana Quispe Peru 2 Signed 3 Signed Kenya" in " ".join(text.split())
    assert "Erased Person" not in text and "Imported Signer" not in text

    with translation.override("en"):  # the CSV speaks the staff member's language
        rows = list(csv.reader(io.StringIO(hand_in_csv(hand_in=hand_in))))
    assert [row[1] for row in rows[1:]] == ["Ana Quispe", "Signed", "Signed"]
    assert [row[2] for row in rows[1:]] == ["PE", "", "KE"]


def test_the_cover_letter_states_the_ask_in_the_officials_language(case: Case) -> None:
    signature(case, email="ana@example.pe", name="Ana Quispe", country="PE")
    spanish = Appeal.objects.get(case=case, language="es")

    text = " ".join(_text(hand_in_pdf(hand_in=_hand_in(case, language="es"))).split())

    assert " ".join(spanish.ask.split())[:60] in text
    assert "1 persona firmó esta petición hasta el" in text
    assert "Perú" in text


def test_a_name_that_looks_like_a_formula_is_text_in_the_csv(case: Case) -> None:
    signature(case, email="evil@example.net", name='=HYPERLINK("http://x.example")', country="FR")

    rows = list(csv.reader(io.StringIO(hand_in_csv(hand_in=_hand_in(case)))))

    assert rows[1][1] == '\'=HYPERLINK("http://x.example")'


def test_a_hand_in_up_to_a_day_leaves_later_signatures_out(case: Case) -> None:
    with time_machine.travel(datetime.datetime(2016, 12, 9, 15, 0, tzinfo=datetime.UTC)):
        signature(case, email="early@example.pe", name="Early Signer", country="PE")
    with time_machine.travel(datetime.datetime(2016, 12, 11, 9, 0, tzinfo=datetime.UTC)):
        signature(case, email="late@example.pe", name="Late Signer", country="PE")
    up_to = hand_in_up_to(datetime.date(2016, 12, 10))

    assert hand_in_preview(case=case, section_id=None, up_to=up_to) == 1
    assert hand_in_up_to(timezone.localdate() + datetime.timedelta(days=3)) <= timezone.now()


def test_a_petition_to_an_arabic_speaking_official_reads_right_to_left(case: Case) -> None:
    with time_machine.travel(datetime.datetime(2016, 12, 10, 12, 0, tzinfo=datetime.UTC)):
        signature(case, email="ana@example.pe", name="Ana Quispe", country="PE")
        signature(case, email="api@example.ke", name="Via Api", country="KE", source=Source.API)
        hand_in = _hand_in(case, language="ar")

    pdf = hand_in_pdf(hand_in=hand_in)

    text = _text(pdf)
    assert "عريضة من أجل Shawkan" in text
    assert "كينيا" in text and "Via Api" not in text  # Kenya, under "Signed"
    assert "شخصان" in text  # two people signed, in the Arabic plural
    assert "Ana Quispe" in text
    title = find_characters(page_characters(pdf), "عريضة")
    # Right to left: the title's first word sits at the right of the page.
    assert title[0].right > 150 * 72 / 25.4
