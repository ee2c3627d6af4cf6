"""Hiding a word from the lists does not get it through: invisible characters, direction
overrides, letter-by-letter spacing, digits for letters, stretched letters, full-width
forms, accents and Arabic diacritics or tatweel are undone before matching. Innocent words
that merely contain a listed one are left alone."""

from __future__ import annotations

import pytest

from writeathon.campaigns.models import Case
from writeathon.moderation.screening import ReasonCode, Verdict, screen_message, text_normalise

RELEASE = " Release Shawkan now, he has done nothing wrong."


def _codes(case: Case, text: str) -> list[str]:
    screening = screen_message(text=text, channel="email", language="en", case=case, source="")
    return screening.reason_codes


@pytest.mark.parametrize(
    "threat",
    [
        "I will k\u200bill you.",  # zero-width space
        "I w\u200dill kill y\u200cou.",  # zero-width joiner and non-joiner
        "I will \u202ekill\u202c you.",  # right-to-left override
        "I will k.i.l.l you.",
        "I will k i l l you.",
        "I will k-i-l-l you.",
        "I will k_i_l_l you.",
        "I will k1ll you.",
        "I will kiiiill you.",
        "I WILL KILL YOU.",
        "".join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in "I will kill you."),
        "I\u00a0will\u2003kill\u2009you.",  # other spaces
        "I'll kill you.",
        "I\u2019ll kill you.",
        "Te voy a matar.",
        "TE VOY A MATÁR.",
        "سأقتلك.",
        "سَأَقْتُلُكَ.",  # with diacritics
        "سـأقـتـلـك.",  # with tatweel
        "وسأقتلك.",  # with an attached "and"
        "س\u200dأقتلك.",
    ],
)
def test_obfuscated_threats_are_rejected(case: Case, threat: str) -> None:
    assert ReasonCode.THREAT in _codes(case, threat + RELEASE)


@pytest.mark.parametrize(
    "insult",
    [
        "You are an 1d10t.",
        "You are an i.d.i.o.t.",
        "You are an iiidiot.",
        "You are an id\u00adiot.",  # soft hyphen
        "Es usted un imbecil.",
        "Es usted un IMBÉCIL.",
        "Eres un hijo de p.u.t.a.",
        "يا حمار.",
        "يا حمـــار.",
        "ياحمار.",
        "أنتَ حَقِيرٌ.",
    ],
)
def test_obfuscated_insults_are_held(case: Case, insult: str) -> None:
    assert ReasonCode.INSULT in _codes(case, insult + RELEASE)


@pytest.mark.parametrize(
    "innocent",
    [
        "Stay strong: what does not kill you makes you stronger.",
        "Your skill you must put to better use: release him.",
        "The police killed protesters in 2013 and he photographed it.",
        "He was sentenced in case No. 15060/2013 on 8 September 2018.",
        "Dear Mr.Al Sisi, I write about a pigment of hope and a scumble of paint.",
        "Pigeons and shiitake are not crimes either.",
        "El fiscal mató el tiempo; nadie debe matar la esperanza.",
        "تعرض للتهديد بالقتل في السجن، وهذا مقلق جدا.",
        "We in Scunthorpe and Penistone stand with you.",
    ],
)
def test_innocent_words_that_contain_a_listed_one_pass(case: Case, innocent: str) -> None:
    screening = screen_message(
        text=innocent + RELEASE, channel="email", language="en", case=case, source=""
    )
    assert (screening.verdict, screening.reason_codes) == (Verdict.PASS, [])


def test_normalisation_folds_case_accents_diacritics_and_invisible_characters() -> None:
    assert text_normalise("IMBÉCIL\u200b") == "imbecil"
    assert text_normalise("سَأَقْتُلُكَ") == text_normalise("سأقتلك") == "ساقتلك"
    assert text_normalise("مدرسـة") == "مدرسه"
