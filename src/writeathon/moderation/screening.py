"""Screening: every free-text message is read by rules before it may be delivered.

``screen_message`` returns a :class:`Screening`: *pass*, *hold* (a moderator reads it
first) or *reject* (the writer is asked to change it; nothing is stored), with reasons the
writer can understand. The rules:

* threats (reject) and insults (hold), from the word lists in ``wordlists/``;
* web addresses and contact details (email addresses, phone numbers) in letters to
  officials and messages of solidarity (hold: a letter may have a good reason for one);
* shouting, mostly capital letters (hold);
* too short or too long for the channel (reject; the forms check this too, other sources
  such as imports may not);
* near-duplicates from one source beyond ``MODERATION_FLOOD_LIMIT`` in
  ``MODERATION_FLOOD_WINDOW_HOURS`` (hold). The campaign's sample letter is expected: a
  message close to it never counts as a flood.

Whatever the campaign's own sample letter contains (a web address, a word on a list) is
not held against the writer. Screening reads only; ``services.screening_record`` keeps the
result and the message's fingerprint once the message is stored.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import phonenumbers
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz

from writeathon.actions.models import MESSAGE_LENGTHS
from writeathon.campaigns.models import Appeal, Case
from writeathon.core.client_ip import client_key
from writeathon.moderation.models import RecentMessage

WORDLISTS_DIR = Path(__file__).resolve().parent / "wordlists"

# Only the last messages from a source are compared: enough to see a flood, cheap to read.
FLOOD_RECENT_MAX = 50
# Fingerprints are cut to this many characters: enough to tell messages apart.
FINGERPRINT_CHARS = 1000
# Shouting: at least this many letters with a case, and this share of them capitals.
SHOUTING_MIN_LETTERS = 20
SHOUTING_SHARE = 0.7
# Channels whose messages go to an official or to a person at risk: no links or contact
# details there without a moderator's look.
LINK_CHECKED_CHANNELS = frozenset({"email", "fax", "letter", "solidarity"})


class Verdict(enum.StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    HOLD = "hold"
    REJECT = "reject"


class ReasonCode(enum.StrEnum):
    # No code is part of another: the queue filters with a plain "contains".
    THREAT = "threat"
    INSULT = "insult"
    LINK = "link"
    CONTACT = "contact"
    SHOUTING = "shouting"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    FLOOD = "flood"


REJECTING = frozenset({ReasonCode.THREAT, ReasonCode.TOO_SHORT, ReasonCode.TOO_LONG})


def reason_label(code: str) -> str:
    """A short name for a reason, for the staff queue's filter and columns."""
    labels: dict[str, str] = {
        ReasonCode.THREAT: _("Threat"),
        ReasonCode.INSULT: _("Insulting words"),
        ReasonCode.LINK: _("Web address"),
        ReasonCode.CONTACT: _("Email address or phone number"),
        ReasonCode.SHOUTING: _("Capital letters"),
        ReasonCode.TOO_SHORT: _("Too short"),
        ReasonCode.TOO_LONG: _("Too long"),
        ReasonCode.FLOOD: _("Many similar messages from one place"),
    }
    return labels.get(code, code)


def reason_message(code: str, params: Mapping[str, int] | None = None) -> str:
    """The reason as a sentence the writer understands, in the active language."""
    params = params or {}
    if code == ReasonCode.THREAT:
        return _(
            "Your message contains threatening words. We never send threats in anyone's "
            "name: please rewrite it."
        )
    if code == ReasonCode.INSULT:
        return _(
            "Your message contains words that may offend. A member of our team will read it "
            "before it is sent."
        )
    if code == ReasonCode.LINK:
        return _(
            "Your message contains a web address. A member of our team will check it before "
            "it is sent."
        )
    if code == ReasonCode.CONTACT:
        return _(
            "Your message contains an email address or a phone number. A member of our team "
            "will check it before it is sent, to protect everyone's privacy."
        )
    if code == ReasonCode.SHOUTING:
        return _(
            "Your message is written mostly in capital letters. A member of our team will "
            "read it before it is sent."
        )
    if code == ReasonCode.TOO_SHORT:
        n = params.get("min", 1)
        return ngettext(
            "Your message is too short: please write at least %(n)d character.",
            "Your message is too short: please write at least %(n)d characters.",
            n,
        ) % {"n": n}
    if code == ReasonCode.TOO_LONG:
        n = params.get("max", 0)
        return ngettext(
            "Your message is too long: please keep it to %(n)d character.",
            "Your message is too long: please keep it to %(n)d characters.",
            n,
        ) % {"n": n}
    if code == ReasonCode.FLOOD:
        return _(
            "Many very similar messages have come from the same place. A member of our team "
            "will read this one before it is sent."
        )
    return code


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, int] = field(default_factory=dict)
    # The form field the reason is about: "body" (the message) or "subject".
    field: str = "body"

    @property
    def message(self) -> str:
        return reason_message(self.code, self.params)

    @property
    def rejects(self) -> bool:
        return self.code in REJECTING


@dataclass(frozen=True)
class Screening:
    """What screening found in one message."""

    verdict: Verdict
    reasons: tuple[Reason, ...] = ()
    # What services.screening_record keeps to compare later messages with.
    source_hash: str = ""
    fingerprint: str = ""
    is_sample: bool = False

    @property
    def reason_codes(self) -> list[str]:
        return list(dict.fromkeys(reason.code for reason in self.reasons))


# --- Normalisation ------------------------------------------------------------------------------

# Invisible characters that are not format characters (category Cf, removed as a class):
# the combining grapheme joiner and the Hangul fillers that render as nothing.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0")
_ARABIC_LETTERS = str.maketrans(
    {
        "\u0640": None,  # tatweel
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u06cc": "\u064a",  # Farsi yeh -> yeh
        "\u06a9": "\u0643",  # keheh -> kaf
    }
)


def text_visible(text: str) -> str:
    """The text as read: compatibility forms folded, invisible format characters (zero-width
    spaces and joiners, direction marks and overrides, soft hyphens) removed."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and ch not in _INVISIBLE)


def text_normalise(text: str) -> str:
    """The text as the rules compare it: visible, case-folded, without accents, Arabic
    diacritics or tatweel, with the variant forms of Arabic letters made one."""
    text = text_visible(text).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text.translate(_ARABIC_LETTERS))


# Digits and signs used for letters ("1d10t", "sh!t", "@sshole").
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"\w+")
_STRETCHED = re.compile(r"(\w)\1\1")


def _unleet(chunk: str) -> str:
    """Letters for look-alike digits and signs inside a word: "k1ll" -> "kill"; "you!",
    "2016" and "covid 19" keep theirs."""
    if not any(ch.isalpha() for ch in chunk) or not any(ch in _LEET for ch in chunk):
        return chunk
    out = []
    for i, ch in enumerate(chunk):
        following = chunk[i + 1] if i + 1 < len(chunk) else ""
        previous = chunk[i - 1] if i else ""
        swap = ch in _LEET and (
            following.isalnum() or following in _LEET or (ch.isdigit() and previous.isalpha())
        )
        out.append(_LEET[ch] if swap else ch)
    return "".join(out)


def _dedup(token: str) -> str:
    """A word with each run of one letter made one letter: "stuuupid" -> "stupid"."""
    return re.sub(r"(.)\1+", r"\1", token)


def _token_streams(normalised: str) -> list[list[str]]:
    """The words of a normalised text, as written and with letter-by-letter spacing undone
    ("k.i.l.l you" and "k i l l you" read as "kill you")."""
    plain = [
        m.group()
        for m in _WORD.finditer(
            _CHUNK.sub(lambda m: _unleet(m.group()), normalised.replace("_", " "))
        )
    ]
    joined: list[str] = []
    run: list[str] = []
    for token in [*plain, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if len(run) >= 3:
            joined.append("".join(run))
        else:
            joined.extend(run)
        run = []
        if token:
            joined.append(token)
    return [plain] if joined == plain else [plain, joined]


# --- Word lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One entry of a word list, as words to match in order."""

    category: str  # "threat" or "insult"
    words: tuple[str, ...]
    # Words that end in "*" in the list match any word that starts with them.
    prefix: tuple[bool, ...]
    source: str  # the line as written, for staff

    def matches_at(self, tokens: list[str], start: int) -> bool:
        if start + len(self.words) > len(tokens):
            return False
        return all(
            _word_matches(tokens[start + i], word, is_prefix)
            for i, (word, is_prefix) in enumerate(zip(self.words, self.prefix, strict=True))
        )


def _word_matches(token: str, word: str, is_prefix: bool) -> bool:
    if token == word or (is_prefix and token.startswith(word)):
        return True
    if _STRETCHED.search(token):  # a deliberately stretched word ("iiidiot")
        squeezed, wanted = _dedup(token), _dedup(word)
        return squeezed == wanted or (is_prefix and squeezed.startswith(wanted))
    return False


_CATEGORIES = {"threat", "insult"}
# Prefixes written attached to Arabic words: "and", "so", "with", "for", "the", "O (you)".
_ARABIC_PREFIXES = ("و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "يا")


class WordListError(ValueError):
    """A word list that cannot be read: its file and line say where."""


def wordlist_parse(text: str, *, language: str, name: str = "") -> list[Term]:
    """The terms of one word list file (see wordlists/README.md for the format)."""
    terms: list[Term] = []
    category = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1].strip().lower()
            if category not in _CATEGORIES:
                raise WordListError(f"{name}:{number}: unknown section [{category}]")
            continue
        if not category:
            raise WordListError(f"{name}:{number}: a term before any [threat] or [insult]")
        words: list[str] = []
        prefix: list[bool] = []
        for part in line.split():
            is_prefix = part.endswith("*")
            found = _WORD.findall(text_normalise(part.rstrip("*")).replace("_", " "))
            words.extend(found)
            prefix.extend([False] * (len(found) - 1) + [is_prefix] if found else [])
        if not words:
            raise WordListError(f"{name}:{number}: no word in {line!r}")
        terms.append(Term(category, tuple(words), tuple(prefix), line))
        if language == "ar":
            for attached in _ARABIC_PREFIXES:
                first = text_normalise(attached) + words[0]
                terms.append(Term(category, (first, *words[1:]), tuple(prefix), line))
    return terms


def _wordlist_files() -> Iterator[tuple[str, Path]]:
    folders = [WORDLISTS_DIR]
    if settings.MODERATION_WORDLISTS_DIR:
        folders.append(Path(settings.MODERATION_WORDLISTS_DIR))
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            yield path.stem, path


@lru_cache(maxsize=4)
def _wordlists(extra_dir: str) -> dict[str, list[Term]]:
    """Every term, indexed by the first letter of its first word. `extra_dir` (the setting)
    is the cache key, so that a test that changes it gets its lists read again."""
    index: dict[str, list[Term]] = {}
    for language, path in _wordlist_files():
        for term in wordlist_parse(
            path.read_text(encoding="utf-8"), language=language, name=str(path)
        ):
            index.setdefault(term.words[0][:1], []).append(term)
    return index


def wordlist_terms() -> dict[str, list[Term]]:
    return _wordlists(settings.MODERATION_WORDLISTS_DIR)


def terms_found(normalised: str) -> list[Term]:
    """The word list terms in a normalised text, each once."""
    index = wordlist_terms()
    found: dict[str, Term] = {}
    for tokens in _token_streams(normalised):
        for start, token in enumerate(tokens):
            for term in index.get(token[:1], ()):
                if term.source not in found and term.matches_at(tokens, start):
                    found[term.source] = term
    return list(found.values())


# --- Links and contact details ------------------------------------------------------------------

_OBFUSCATED_DOT = re.compile(r"\s*[\[\(\{]\s*(?:\.|dot)\s*[\]\)\}]\s*", re.IGNORECASE)
_OBFUSCATED_AT = re.compile(r"\s*[\[\(\{]\s*(?:@|at)\s*[\]\)\}]\s*", re.IGNORECASE)
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"']+", re.IGNORECASE)
# Top-level domains seen in links (generic ones and the country ones link shorteners and
# spammers favour); a list, not a pattern of two letters, so that "Mr.Al" is no domain.
_TLDS = (
    "com|org|net|info|biz|int|edu|gov|io|co|me|ly|gl|to|tk|ml|ga|cf|gq|cc|tv|ws|xyz|top|site|"
    "online|club|link|app|dev|page|shop|store|live|news|blog|ru|cn|uk|de|fr|es|it|nl|eg|sa|ae|"
    "us|ca|au|in|br|mx|ar"
)
_BARE_DOMAIN = re.compile(
    r"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:" + _TLDS + r")(?![\w-])"
    r"(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _deobfuscate(visible: str) -> str:
    return _OBFUSCATED_AT.sub("@", _OBFUSCATED_DOT.sub(".", visible))


def links_found(visible: str) -> set[str]:
    text = _deobfuscate(visible)
    without_emails = _EMAIL.sub(" ", text)
    found = {m.group().casefold().rstrip(".,;:!?)") for m in _URL.finditer(without_emails)}
    found |= {m.group().casefold().rstrip(".,;:!?)") for m in _BARE_DOMAIN.finditer(without_emails)}
    return found


def contacts_found(visible: str, *, region: str) -> set[str]:
    """Email addresses and phone numbers (as E.164) in a text."""
    text = _deobfuscate(visible)
    found = {m.group().casefold() for m in _EMAIL.finditer(text)}
    matcher = phonenumbers.PhoneNumberMatcher(
        text, region or None, leniency=phonenumbers.Leniency.VALID
    )
    for match in matcher:
        found.add(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
    return found


# --- Shouting, length -------------------------------------------------------------------------


def is_shouting(visible: str) -> bool:
    cased = [ch for ch in visible if ch.isupper() or ch.islower()]
    if len(cased) < SHOUTING_MIN_LETTERS:
        return False
    return sum(ch.isupper() for ch in cased) / len(cased) >= SHOUTING_SHARE


def message_lengths(channel: str) -> tuple[int, int] | None:
    """The shortest and longest message the channel takes; None for a channel without one."""
    return MESSAGE_LENGTHS.get(channel)


# --- Floods -------------------------------------------------------------------------------------


def source_hash(source: str) -> str:
    """What stands for a source in the table: a keyed hash, not reversible without the key."""
    return salted_hmac("writeathon.moderation.source", source, algorithm="sha256").hexdigest()[:32]


def source_of_request(request: HttpRequest) -> str:
    """The source of a web submission: its client as limits count it (core.client_ip.
    client_key: an IPv6 address by its /64, the block one household or phone is given)."""
    return f"ip:{client_key(request)}"


def fingerprint_of(normalised: str) -> str:
    return " ".join(normalised.split())[:FINGERPRINT_CHARS]


def near_duplicates(first: str, second: str) -> bool:
    """Whether two fingerprints are the same message, give or take a few words."""
    threshold = settings.MODERATION_FLOOD_SIMILARITY
    if fuzz.ratio(first, second, score_cutoff=threshold):
        return True
    # The same words, reordered or with a few added: only between texts of similar length
    # (a short one is otherwise "contained" in any long one).
    shorter, longer = sorted((len(first), len(second)))
    return shorter >= 0.8 * longer and bool(
        fuzz.token_set_ratio(first, second, score_cutoff=max(threshold, 95))
    )


def _case_samples(case: Case | None) -> list[str]:
    if case is None:
        return []
    return [
        body
        for body in Appeal.objects.filter(case=case).values_list("letter_body", flat=True)
        if body.strip()
    ]


@dataclass(frozen=True)
class _SampleFeatures:
    """What a sample letter contains that is not held against a message that keeps it."""

    fingerprint: str
    terms: frozenset[str]
    links: frozenset[str]
    contacts: frozenset[str]


@lru_cache(maxsize=256)
def _sample_features(sample: str, region: str) -> _SampleFeatures:
    visible, normalised = text_visible(sample), text_normalise(sample)
    return _SampleFeatures(
        fingerprint=fingerprint_of(normalised),
        terms=frozenset(term.source for term in terms_found(normalised)),
        links=frozenset(links_found(visible)),
        contacts=frozenset(contacts_found(visible, region=region)),
    )


def _similar_recent(source_key: str, fingerprint: str) -> int:
    since = timezone.now() - timedelta(hours=settings.MODERATION_FLOOD_WINDOW_HOURS)
    recent = (
        RecentMessage.objects.filter(source_hash=source_key, created_at__gte=since, is_sample=False)
        .order_by("-created_at", "-pk")
        .values_list("fingerprint", flat=True)[:FLOOD_RECENT_MAX]
    )
    return sum(near_duplicates(fingerprint, earlier) for earlier in recent)


# --- Screening ----------------------------------------------------------------------------------


def _content_reasons(
    text: str, *, field_name: str, check_links: bool, region: str, samples: list[_SampleFeatures]
) -> list[Reason]:
    """Word lists, links, contact details and shouting in one text; what the sample letters
    themselves contain is not held against it."""
    visible, normalised = text_visible(text), text_normalise(text)
    reasons: list[Reason] = []
    expected_terms = {term for sample in samples for term in sample.terms}
    terms = [t for t in terms_found(normalised) if t.source not in expected_terms]
    for category, code in (("threat", ReasonCode.THREAT), ("insult", ReasonCode.INSULT)):
        if any(term.category == category for term in terms):
            reasons.append(Reason(code, field=field_name))
    if check_links:
        expected_links = {link for sample in samples for link in sample.links}
        if links_found(visible) - expected_links:
            reasons.append(Reason(ReasonCode.LINK, field=field_name))
        expected_contacts = {contact for sample in samples for contact in sample.contacts}
        if contacts_found(visible, region=region) - expected_contacts:
            reasons.append(Reason(ReasonCode.CONTACT, field=field_name))
    if is_shouting(visible):
        reasons.append(Reason(ReasonCode.SHOUTING, field=field_name))
    return reasons


def screen_message(
    *,
    text: str,
    channel: str,
    language: str,
    case: Case | None,
    source: str,
    subject: str = "",
) -> Screening:
    """Screen one message (and its subject, for letters) before it is stored.

    `source` is an opaque key for where the message came from ("ip:203.0.113.7",
    "email:writer@example.net"); only its keyed hash is kept. `language` is the writer's:
    every shipped word list applies whatever it is, since an insult is one in any language.
    Reads only: nothing is stored (see services.screening_record).
    """
    del language  # every list applies; kept in the signature for rules that will need it
    region = str(case.country) if case is not None and case.country else ""
    samples = [_sample_features(sample, region) for sample in _case_samples(case)]
    check_links = channel in LINK_CHECKED_CHANNELS
    reasons: list[Reason] = []

    bounds = message_lengths(channel)
    length = len(" ".join(text_visible(text).split()))
    if bounds is not None and length < bounds[0]:
        reasons.append(Reason(ReasonCode.TOO_SHORT, {"min": bounds[0]}))
    elif bounds is not None and bounds[1] and len(text) > bounds[1]:
        reasons.append(Reason(ReasonCode.TOO_LONG, {"max": bounds[1]}))

    reasons += _content_reasons(
        text, field_name="body", check_links=check_links, region=region, samples=samples
    )
    if subject.strip():
        found = {reason.code for reason in reasons}
        reasons += [
            reason
            for reason in _content_reasons(
                subject,
                field_name="subject",
                check_links=check_links,
                region=region,
                samples=samples,
            )
            if reason.code not in found
        ]

    fingerprint = fingerprint_of(text_normalise(text))
    threshold = settings.MODERATION_SAMPLE_SIMILARITY
    is_sample = bool(fingerprint) and any(
        fuzz.ratio(fingerprint, sample.fingerprint, score_cutoff=threshold) for sample in samples
    )
    key = source_hash(source) if source else ""
    if (
        key
        and fingerprint
        and not is_sample
        and _similar_recent(key, fingerprint) >= settings.MODERATION_FLOOD_LIMIT
    ):
        reasons.append(Reason(ReasonCode.FLOOD))

    if any(reason.rejects for reason in reasons):
        verdict = Verdict.REJECT
    elif reasons:
        verdict = Verdict.HOLD
    else:
        verdict = Verdict.PASS
    return Screening(
        verdict=verdict,
        reasons=tuple(reasons),
        source_hash=key,
        fingerprint=fingerprint,
        is_sample=is_sample,
    )


def screening_reasons_display(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, label) for stored reason codes, in the active language."""
    return [(code, reason_label(code)) for code in codes]
