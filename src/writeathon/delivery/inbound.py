"""Text messages from supporters: reading them, HELP, STOP and START, and the replies.

The SMS gateway posts each message it receives to the webhook (delivery/webhooks.py),
signed with SMS_WEBHOOK_SECRET; the format is documented in docs/delivery.md. A case's
keyword records an action through the one way in (writeathon.usecases.intake, which
handles each message and calls the pieces here). Replies go
out through the outbox like everything else, so a reply is queued in the same transaction
as what it answers, and a webhook delivered twice queues nothing twice: the reply's
idempotency key is made of the gateway's message id.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.selectors import campaign_text
from writeathon.core.phone import PhoneNumber, phone_parse
from writeathon.core.sms_words import (
    START_WORDS,
    STOP_WORDS,
    sms_country_language,
    sms_word_fold,
    sms_word_language,
)
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import (
    supporter_get_or_create_by_phone,
    supporter_texts_start,
    supporter_texts_stop,
)

# A signed request older (or further in the future) than this is refused: a replay.
SIGNATURE_MAX_AGE_SECONDS = 300
SIGNATURE_PREFIX = "sha256="
# Ten concatenated SMS segments; longer bodies are not text messages.
TEXT_MAX_CHARS = 1600
MESSAGE_ID_MAX_CHARS = 100
NUMBER_MAX_CHARS = 40
# Far above the largest valid request (1600 characters, each escaped in JSON).
BODY_MAX_BYTES = 64 * 1024

_MESSAGE_ID_RE = re.compile(r"[\x21-\x7e]+")


# --- Checking the request --------------------------------------------------------------------


def sms_signature_make(*, body: bytes, timestamp: str, secret: str) -> str:
    """The signature header's value for a request, as the gateway computes it."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return SIGNATURE_PREFIX + digest.hexdigest()


def sms_signature_check(*, body: bytes, timestamp: str, signature: str) -> bool:
    """Whether the request comes from the gateway: signed with the shared secret, recently.

    The signature is HMAC-SHA256 over ``"<timestamp>."`` followed by the raw body, sent as
    ``sha256=<hex>``; the timestamp (Unix seconds) must be within five minutes of now.
    """
    secret = settings.SMS_WEBHOOK_SECRET
    if not secret or not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        return False
    if abs(time.time() - int(timestamp)) > SIGNATURE_MAX_AGE_SECONDS:
        return False
    if not signature.startswith(SIGNATURE_PREFIX):
        return False
    expected = sms_signature_make(body=body, timestamp=timestamp, secret=secret)
    return hmac.compare_digest(expected.encode(), signature.strip().lower().encode())


class InboundInvalid(Exception):
    """A webhook request that is not a text message we can read; the message says why."""


@dataclass(frozen=True)
class InboundMessage:
    message_id: str
    sender: PhoneNumber
    text: str


def _field(data: dict[str, Any], name: str, limit: int) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise InboundInvalid(_("The field “%(name)s” is missing or not text.") % {"name": name})
    if len(value) > limit:
        raise InboundInvalid(
            _("The field “%(name)s” is longer than %(limit)s characters.")
            % {"name": name, "limit": limit}
        )
    return value


def sms_inbound_parse(*, body: bytes) -> InboundMessage:
    """The message in a webhook body ``{"id", "from", "to", "text"}``, or InboundInvalid."""
    if len(body) > BODY_MAX_BYTES:
        raise InboundInvalid(_("The request is too large for a text message."))
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):  # deep nesting: RecursionError
        raise InboundInvalid(_("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise InboundInvalid(_("The request body must be a JSON object."))
    message_id = _field(data, "id", MESSAGE_ID_MAX_CHARS).strip()
    if not message_id:
        raise InboundInvalid(_("The field “id” is empty."))
    if not _MESSAGE_ID_RE.fullmatch(message_id):
        # It becomes part of the reply's idempotency key, sent in an HTTP header.
        raise InboundInvalid(_("The field “id” may hold only ASCII letters, digits and signs."))
    sender = _field(data, "from", NUMBER_MAX_CHARS)
    _field(data, "to", NUMBER_MAX_CHARS)
    text = _field(data, "text", TEXT_MAX_CHARS)
    number = phone_parse(sender)
    if number is None:
        raise InboundInvalid(
            _("The sender “%(number)s” is not a valid phone number.") % {"number": sender}
        )
    return InboundMessage(message_id=message_id, sender=number, text=text)


# --- Handling the message --------------------------------------------------------------------


class InboundOutcome(enum.StrEnum):
    COUNTED = "counted"
    ALREADY_COUNTED = "already_counted"
    HELP = "help"
    STOPPED = "stopped"
    STARTED = "started"
    # The same gateway message again (the gateway retried its webhook): nothing done.
    DUPLICATE = "duplicate"
    UNKNOWN_KEYWORD = "unknown_keyword"


@dataclass(frozen=True)
class InboundResult:
    outcome: InboundOutcome
    action: Action | None = None
    reply: Delivery | None = None
    # Why nothing was done (an unknown keyword), in the active language.
    error: str = ""


def sms_keyword_of(text: str) -> str:
    """The word that decides what a message means: its first, without case, accents or
    punctuation (sms_word_fold)."""
    words = text.split()
    return sms_word_fold(words[0]) if words else ""


def sms_inbound_seen(*, message_id: str) -> bool:
    """Whether the gateway's message `message_id` was answered already (a webhook retry)."""
    return Delivery.objects.filter(idempotency_key=f"sms-reply:{message_id}").exists()


def sms_keyword_cases() -> list[Case]:
    """Published cases with a keyword in open campaigns, newest campaign first."""
    return list(
        Case.objects.filter(status=Case.Status.PUBLISHED, campaign__status=Campaign.Status.OPEN)
        .exclude(sms_keyword="")
        .select_related("campaign")
        .order_by("-campaign__starts_on", "-campaign_id", "position", "pk")
    )


def sms_language(
    campaign: Campaign | None, *, number: PhoneNumber | None = None, word: str = ""
) -> str:
    """The language to answer a texter in: the language of the word they texted (HELP,
    STOP, START), else the main language of their number's country, else the campaign's
    own, each only if the site ships it."""
    shipped = dict(settings.LANGUAGES)
    signals = (sms_word_language(word), sms_country_language(number.country) if number else "")
    for code in signals:
        if code in shipped:
            return code
    code = campaign.default_language if campaign is not None else settings.LANGUAGE_CODE
    return code if code in shipped else settings.LANGUAGE_CODE


def _campaign_title(campaign: Campaign | None, language: str) -> str:
    if campaign is None:
        return _("Writeathon")
    text = campaign_text(campaign=campaign, language=language)
    return text.title if text is not None else campaign.name


def _keywords_list(cases: list[Case], campaign: Campaign | None) -> str:
    """The campaign's keywords, as a supporter would type them: "SHAWKAN, EDWARD"."""
    if campaign is None:
        return ""
    words = [c.sms_keyword.strip().upper() for c in cases if c.campaign_id == campaign.pk]
    return ", ".join(dict.fromkeys(words))


def _reply_create(
    *,
    message_id: str,
    number: PhoneNumber,
    text: str,
    language: str,
    final: bool = False,
    case: Case | None = None,
    action: Action | None = None,
) -> Delivery | None:
    """Queue a reply in the outbox; None if this message was answered already."""
    payload: dict[str, Any] = {"text": text, "language": language}
    if final:
        payload["final"] = True
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                idempotency_key=f"sms-reply:{message_id}",
                kind=Delivery.Kind.REPLY,
                channel=Channel.SMS,
                campaign_id=case.campaign_id if case is not None else None,
                case=case,
                action=action,
                recipient=number.e164,
                payload=payload,
                status=Delivery.Status.QUEUED,
                next_try_at=timezone.now(),
            )
    except IntegrityError:
        return None


def _supporter_get_or_create(number: PhoneNumber, *, language: str) -> Supporter:
    return supporter_get_or_create_by_phone(
        phone=number.e164, country=number.country, language=language
    )


def sms_keyword_case(word: str, cases: list[Case]) -> Case | None:
    """The case whose keyword is `word` (folded, see sms_keyword_of), or None."""
    return next((c for c in cases if sms_word_fold(c.sms_keyword) == word), None)


def sms_keyword_unknown(word: str, cases: list[Case]) -> InboundResult:
    """The answer to a message with no keyword of an open campaign: nothing is done."""
    campaign = cases[0].campaign if cases else None
    keywords = _keywords_list(cases, campaign)
    if word:
        error = _("“%(word)s” is not a keyword of any open campaign.") % {"word": word[:40]}
    else:
        error = _("The message has no keyword.")
    if keywords:
        error += " " + _("Keywords: %(keywords)s.") % {"keywords": keywords}
    return InboundResult(outcome=InboundOutcome.UNKNOWN_KEYWORD, error=error)


def sms_keyword_supporter(*, number: PhoneNumber, case: Case) -> Supporter:
    """The supporter who texted a case's keyword (a new one is confirmed: texting proves
    the number)."""
    return _supporter_get_or_create(number, language=sms_language(case.campaign, number=number))


def sms_keyword_answer(
    *, case: Case, message_id: str, number: PhoneNumber, action: Action, counted: bool
) -> InboundResult:
    """Thank the texter for an action recorded from their keyword (unless they texted STOP).

    Call in the transaction that recorded the action.
    """
    language = sms_language(case.campaign, number=number)
    outcome = InboundOutcome.COUNTED if counted else InboundOutcome.ALREADY_COUNTED
    stopped = action.supporter is not None and action.supporter.sms_stopped_at is not None
    if stopped:
        return InboundResult(outcome=outcome, action=action)
    with translation.override(language):
        if counted:
            text = _(
                "Thank you! Your action for %(case)s is counted. HELP for help, STOP to stop."
            ) % {"case": case.name}
        else:
            text = _("You already acted for %(case)s: it is counted once. Thank you!") % {
                "case": case.name
            }
    reply = _reply_create(
        message_id=message_id,
        number=number,
        text=text,
        language=language,
        case=case,
        action=action,
    )
    if reply is None:  # the same message, handled by a concurrent request
        return InboundResult(outcome=InboundOutcome.DUPLICATE, action=action)
    return InboundResult(outcome=outcome, action=action, reply=reply)


def sms_command_handle(
    word: str, *, message_id: str, number: PhoneNumber, cases: list[Case]
) -> InboundResult:
    """Answer HELP, STOP or START (`word` is one of RESERVED_KEYWORDS), switching the
    number's texts off or on."""
    campaign = cases[0].campaign if cases else _open_campaign()
    language = sms_language(campaign, number=number, word=word)
    supporter = Supporter.objects.filter(phone=number.e164).first()

    def answer(text: str, *, final: bool = False) -> Delivery | None:
        return _reply_create(
            message_id=message_id, number=number, text=text, language=language, final=final
        )

    with translation.override(language):
        title = _campaign_title(campaign, language)
        if word in STOP_WORDS:
            if supporter is None:
                # Remember the wish, so that a later keyword from this number gets no reply.
                supporter = _supporter_get_or_create(number, language=language)
            stopped = supporter_texts_stop(supporter_id=supporter.pk)
            if not stopped:  # stopped already: the confirmation went out then
                return InboundResult(outcome=InboundOutcome.STOPPED)
            text = _(
                "%(campaign)s: you will get no more texts from us. Text START to get them again."
            ) % {"campaign": title}
            reply = answer(text, final=True)
            return _answered(InboundOutcome.STOPPED, reply)
        if word in START_WORDS:
            if supporter is not None:
                supporter_texts_start(supporter_id=supporter.pk)
            text = _("%(campaign)s: texts are back on. HELP for help, STOP to stop.") % {
                "campaign": title
            }
            return _answered(InboundOutcome.STARTED, answer(text))
        keywords = _keywords_list(cases, campaign)
        if keywords:
            text = _(
                "%(campaign)s: text %(keywords)s to act for a case. STOP to stop, START to restart."
            ) % {"campaign": title, "keywords": keywords}
        else:
            text = _("%(campaign)s: no case takes text messages now. STOP to stop.") % {
                "campaign": title
            }
        # HELP is answered even to a stopped number: carriers require it.
        reply = answer(text, final=True)
        return _answered(InboundOutcome.HELP, reply)


def _answered(outcome: InboundOutcome, reply: Delivery | None) -> InboundResult:
    if reply is None:
        return InboundResult(outcome=InboundOutcome.DUPLICATE)
    return InboundResult(outcome=outcome, reply=reply)


def _open_campaign() -> Campaign | None:
    return (
        Campaign.objects.filter(status=Campaign.Status.OPEN).order_by("-starts_on", "-pk").first()
    )
