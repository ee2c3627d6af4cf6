"""Each screening rule, in each shipped language: a clean message passes; threats and a
length the channel does not take are rejected; insults, links, contact details and shouting
are held for a moderator; every reason is a sentence the writer can understand."""

from __future__ import annotations

import pytest
from django.utils import translation

from writeathon.campaigns.models import Case
from writeathon.moderation.screening import (
    Reason,
    ReasonCode,
    Screening,
    Verdict,
    screen_message,
)

CLEAN = {
    "en": "Dear Prosecutor, please release Shawkan: photography is not a crime.",
    "es": "Señor fiscal: le pido que ponga en libertad a Shawkan. La fotografía no es un delito.",
    "ar": "حضرة النائب العام، أطالبكم بالإفراج عن شوكان فورا. التصوير ليس جريمة.",
}
THREAT = {
    "en": "If you do not release Shawkan, I will kill you.",
    "es": "Si no libera a Shawkan, te voy a matar.",
    "ar": "إذا لم تفرج عن شوكان سأقتلك.",
}
INSULT = {
    "en": "You are an idiot: release Shawkan now, he has done nothing wrong.",
    "es": "Es usted un imbécil: libere a Shawkan ya, no ha hecho nada malo.",
    "ar": "أنت حقير. أفرج عن شوكان الآن، فهو لم يرتكب أي خطأ.",
}
SHORT = {"en": "Free him!", "es": "¡Libérenlo!", "ar": "أطلقوه!"}
WEB = ["https://example.org/shawkan", "www.example.org", "example.com/shawkan"]
CONTACT = [
    "writer@example.net",
    "writer [at] example [dot] net",
    "+34 612 345 678",
    "0100 123 4567",
]
LANGUAGES = ["en", "es", "ar"]


def _screen(case: Case, text: str, *, channel: str = "email", language: str = "en") -> Screening:
    return screen_message(text=text, channel=channel, language=language, case=case, source="")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", ["email", "fax", "letter", "solidarity"])
def test_a_clean_message_passes(case: Case, language: str, channel: str) -> None:
    screening = _screen(case, CLEAN[language], channel=channel, language=language)
    assert (screening.verdict, screening.reasons) == (Verdict.PASS, ())


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_threat_is_rejected(case: Case, language: str) -> None:
    screening = _screen(case, THREAT[language] + " " + CLEAN[language], language=language)
    assert screening.verdict == Verdict.REJECT
    assert screening.reason_codes == [ReasonCode.THREAT]
    assert "threatening" in screening.reasons[0].message


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_insult_is_held(case: Case, language: str) -> None:
    screening = _screen(case, INSULT[language], language=language)
    assert screening.verdict == Verdict.HOLD
    assert screening.reason_codes == [ReasonCode.INSULT]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("address", WEB)
def test_a_web_address_is_held(case: Case, language: str, address: str) -> None:
    screening = _screen(case, f"{CLEAN[language]} {address}", language=language)
    assert screening.verdict == Verdict.HOLD
    assert screening.reason_codes == [ReasonCode.LINK]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("contact", CONTACT)
def test_an_email_address_or_phone_number_is_held(case: Case, language: str, contact: str) -> None:
    screening = _screen(case, f"{CLEAN[language]} {contact}", language=language)
    assert screening.verdict == Verdict.HOLD
    assert screening.reason_codes == [ReasonCode.CONTACT]


def test_a_link_in_the_subject_is_held_as_the_subjects(case: Case) -> None:
    screening = screen_message(
        text=CLEAN["en"],
        subject="See www.example.org",
        channel="email",
        language="en",
        case=case,
        source="",
    )
    assert screening.verdict == Verdict.HOLD
    assert [(r.code, r.field) for r in screening.reasons] == [(ReasonCode.LINK, "subject")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "PLEASE RELEASE SHAWKAN NOW, HE IS A PHOTOJOURNALIST AND NOT A CRIMINAL."),
        ("es", "LIBERE A SHAWKAN YA, ES UN FOTOPERIODISTA Y NO UN DELINCUENTE."),
    ],
)
def test_shouting_is_held(case: Case, language: str, text: str) -> None:
    screening = _screen(case, text, language=language)
    assert screening.verdict == Verdict.HOLD
    assert screening.reason_codes == [ReasonCode.SHOUTING]


def test_a_script_without_capitals_and_a_few_acronyms_are_not_shouting(case: Case) -> None:
    assert _screen(case, CLEAN["ar"] + " UN ICCPR", language="ar").verdict == Verdict.PASS
    assert _screen(case, "FREE SHAWKAN! " + CLEAN["en"]).verdict == Verdict.PASS


@pytest.mark.parametrize("language", LANGUAGES)
def test_too_short_for_the_channel_is_rejected(case: Case, language: str) -> None:
    screening = _screen(case, SHORT[language], language=language)
    assert screening.verdict == Verdict.REJECT
    assert screening.reason_codes == [ReasonCode.TOO_SHORT]
    assert "at least 20 characters" in screening.reasons[0].message


def test_invisible_characters_do_not_make_a_message_long_enough(case: Case) -> None:
    screening = _screen(case, "Free him" + "\u200b" * 30, channel="solidarity")
    assert screening.reason_codes == [ReasonCode.TOO_SHORT]


@pytest.mark.parametrize(("channel", "limit"), [("email", 5000), ("solidarity", 1000)])
def test_too_long_for_the_channel_is_rejected(case: Case, channel: str, limit: int) -> None:
    screening = _screen(case, "Free Shawkan. " * (limit // 10), channel=channel)
    assert screening.verdict == Verdict.REJECT
    assert screening.reason_codes == [ReasonCode.TOO_LONG]
    assert f"keep it to {limit} characters" in screening.reasons[0].message


def test_a_threat_and_a_link_reject_and_say_both(case: Case) -> None:
    screening = _screen(case, THREAT["en"] + " www.example.org")
    assert screening.verdict == Verdict.REJECT
    assert screening.reason_codes == [ReasonCode.THREAT, ReasonCode.LINK]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_reads_as_a_sentence_in_the_writers_language(language: str) -> None:
    with translation.override(language):
        for code in ReasonCode:
            message = Reason(code, {"min": 20, "max": 5000}).message
            assert message != code
            assert message.endswith(".")
            assert len(message.split()) >= 6
