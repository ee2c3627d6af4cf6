"""The campaign's own sample letter is what most people send: unchanged or lightly edited it
passes, in every language, and what it contains itself (a web address) is not held against
a writer who keeps it. Words added to it are screened like any others."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from writeathon.campaigns.models import Appeal, Case
from writeathon.moderation.screening import (
    ReasonCode,
    Screening,
    Verdict,
    WordListError,
    screen_message,
    wordlist_parse,
    wordlist_terms,
)


def _sample(case: Case, language: str) -> str:
    return Appeal.objects.get(case=case, language=language).letter_body


def _screen(case: Case, text: str, language: str) -> Screening:
    return screen_message(
        text=text, channel="email", language=language, case=case, source=f"ip:{language}"
    )


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_sample_letter_passes_unchanged(case: Case, language: str) -> None:
    screening = _screen(case, _sample(case, language), language)
    assert (screening.verdict, screening.reasons, screening.is_sample) == (Verdict.PASS, (), True)


@pytest.mark.parametrize(
    ("language", "edit"),
    [
        (
            "en",
            lambda s: (
                s.replace("Dear Public Prosecutor,", "Dear Mr Sadek,")
                + "\n\nAmira, a teacher from Lyon"
            ),
        ),
        ("en", lambda s: s.replace("urgent matter", "matter").replace("respectfully ", "")),
        ("es", lambda s: "Buenos días.\n\n" + s.replace("Atentamente,", "Un saludo cordial,")),
        ("ar", lambda s: s.replace("السيد النائب العام،", "حضرة النائب العام،") + "\nأمل"),
    ],
)
def test_a_lightly_edited_sample_letter_passes(case: Case, language: str, edit: Any) -> None:
    screening = _screen(case, edit(_sample(case, language)), language)
    assert (screening.verdict, screening.reasons, screening.is_sample) == (Verdict.PASS, (), True)


def test_an_insult_added_to_the_sample_letter_is_held(case: Case) -> None:
    text = _sample(case, "en") + "\n\nYou idiot."
    screening = _screen(case, text, "en")
    assert screening.verdict == Verdict.HOLD
    assert screening.reason_codes == [ReasonCode.INSULT]


def test_what_the_sample_letter_contains_is_not_held_against_the_writer(case: Case) -> None:
    sample = _sample(case, "en") + "\n\nMore at www.amnesty.org/shawkan or +44 20 7413 5500."
    Appeal.objects.filter(case=case, language="en").update(letter_body=sample)

    assert _screen(case, sample, "en").verdict == Verdict.PASS
    another = sample + "\nAnd at www.example.net"
    assert _screen(case, another, "en").reason_codes == [ReasonCode.LINK]


def test_a_sample_letter_of_another_case_is_not_this_ones(case: Case) -> None:
    other = Case.objects.get(campaign=case.campaign, slug="annie-alfred")
    text = Appeal.objects.get(case=other, language="en").letter_body
    assert _screen(case, text, "en").is_sample is False


def test_the_shipped_word_lists_parse_and_cover_each_language() -> None:
    terms = [term for bucket in wordlist_terms().values() for term in bucket]
    for category in ("threat", "insult"):
        assert {t.words[0] for t in terms if t.category == category} >= {
            *(("i", "te", "ساقتلك") if category == "threat" else ("idiot", "idiota", "حمار"))
        }


def test_staff_can_add_a_word_list_without_changing_the_package(
    case: Case, settings: Any, tmp_path: Path
) -> None:
    (tmp_path / "en.txt").write_text("# our own\n[insult]\ngrumpkin*\n", encoding="utf-8")
    text = "Dear Prosecutor, you grumpkins, please release Shawkan."
    assert _screen(case, text, "en").verdict == Verdict.PASS

    settings.MODERATION_WORDLISTS_DIR = str(tmp_path)
    assert _screen(case, text, "en").reason_codes == [ReasonCode.INSULT]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("idiot\n", "before any [threat] or [insult]"),
        ("[rude]\nidiot\n", "unknown section [rude]"),
        ("[insult]\n***\n", "no word"),
    ],
)
def test_a_word_list_that_cannot_be_read_says_where(text: str, error: str) -> None:
    with pytest.raises(WordListError, match=error.replace("[", r"\[").replace("]", r"\]")):
        wordlist_parse(text, language="en", name="mine.txt")
