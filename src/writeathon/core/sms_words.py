"""The words of text messages: how a keyword is compared, and the words every campaign
number keeps for itself (HELP, STOP, START in the languages the site ships).

Shared vocabulary: the SMS intake reads messages with it, and a case's keyword is checked
against it when staff set one.
"""

from __future__ import annotations

import unicodedata

# Punctuation a phone keyboard adds around a word ("Shawkan!", "“HELP”", "؟مساعدة").
_KEYWORD_STRIP = ".,;:!?¡¿'\"“”«»()[]\u2018\u2019\u060c\u061b\u061f\u06d4"
# Arabic letters typed one way or another for the same word (teh marbuta and heh, alef
# maksura and yeh); hamza and harakat go with the other combining marks.
_ARABIC_FOLD = str.maketrans({"\u0629": "\u0647", "\u0649": "\u064a", "\u0640": None})


def sms_word_fold(word: str) -> str:
    """A word as keywords are compared: without case, accents, Arabic hamza or harakat,
    and tatweel ("Arrêt" is "arret", "إيقاف" is "ايقاف")."""
    decomposed = unicodedata.normalize("NFKD", word.strip(_KEYWORD_STRIP).casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare.translate(_ARABIC_FOLD))


def _words(*words: str) -> frozenset[str]:
    return frozenset(sms_word_fold(word) for word in words)


# The words carriers and their customers use, in every language the site ships (English,
# Spanish, Arabic) and French, common on shared short codes; STOP always goes through.
# By language, so that the answer comes in the language of the word that was texted.
HELP_WORDS_BY_LANGUAGE = {
    "en": _words("help", "info"),
    "es": _words("ayuda"),
    "ar": _words("مساعدة", "ساعدني"),
    "fr": _words("aide"),
}
STOP_WORDS_BY_LANGUAGE = {
    # English (CTIA)
    "en": _words("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout"),
    "es": _words("alto", "baja", "parar", "detener", "cancelar", "fin"),
    "fr": _words("arrêt"),
    # Arabic: stop, cancel, stop (verb)
    "ar": _words("إيقاف", "إلغاء", "توقف"),
}
START_WORDS_BY_LANGUAGE = {
    "en": _words("start", "unstop"),
    "es": _words("alta", "iniciar", "empezar"),
    "ar": _words("ابدأ", "بدء"),
}
HELP_WORDS = frozenset().union(*HELP_WORDS_BY_LANGUAGE.values())
STOP_WORDS = frozenset().union(*STOP_WORDS_BY_LANGUAGE.values())
START_WORDS = frozenset().union(*START_WORDS_BY_LANGUAGE.values())
# Words no case may take as its keyword: they mean the same on every campaign number.
RESERVED_KEYWORDS = HELP_WORDS | STOP_WORDS | START_WORDS


def sms_word_language(word: str) -> str:
    """The language of a HELP, STOP or START word (folded), or "" when it is not one, or
    is one in no single language ("info", "fin" are English, Spanish and French alike and
    are taken for the first that lists them)."""
    for words_by_language in (
        STOP_WORDS_BY_LANGUAGE,
        START_WORDS_BY_LANGUAGE,
        HELP_WORDS_BY_LANGUAGE,
    ):
        for language, words in words_by_language.items():
            if word in words:
                return language
    return ""


# The language most people read in the countries where a shipped language is the main one.
_COUNTRIES_BY_LANGUAGE = {
    "es": "AR BO CL CO CR CU DO EC ES GQ GT HN MX NI PA PE PR PY SV UY VE",
    "ar": "AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE",
    "en": "AU BS BB GB IE JM NZ TT US",
}
COUNTRY_LANGUAGE = {
    country: language
    for language, countries in _COUNTRIES_BY_LANGUAGE.items()
    for country in countries.split()
}


def sms_country_language(country: str) -> str:
    """The main language of a phone number's country (ISO 3166), or "" when it is not one
    the site ships or the country has several."""
    return COUNTRY_LANGUAGE.get(country.upper(), "")
