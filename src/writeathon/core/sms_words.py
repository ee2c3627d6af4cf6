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
HELP_WORDS = _words("help", "info", "ayuda", "aide", "مساعدة")
STOP_WORDS = _words(
    # English (CTIA)
    "stop",
    "stopall",
    "unsubscribe",
    "cancel",
    "end",
    "quit",
    "optout",
    # Spanish
    "alto",
    "baja",
    "parar",
    "detener",
    "cancelar",
    "fin",
    # French
    "arrêt",
    # Arabic: stop, cancel, stop (verb)
    "إيقاف",
    "إلغاء",
    "توقف",
)
START_WORDS = _words("start", "unstop", "alta", "iniciar", "ابدأ", "بدء")
# Words no case may take as its keyword: they mean the same on every campaign number.
RESERVED_KEYWORDS = HELP_WORDS | STOP_WORDS | START_WORDS
