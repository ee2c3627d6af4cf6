"""Deliveries turned into printable documents: letters for officials, cards for people at risk."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_countries import countries

from writeathon.campaigns.models import Case, Target
from writeathon.delivery.models import Delivery
from writeathon.delivery.pdf import (
    CoverSheet,
    Letter,
    SolidarityCard,
    cards_pdf,
    django_language,
    letters_pdf,
    text_language,
)


def _country_name(code: str, language: str) -> str:
    if not code:
        return ""
    with translation.override(django_language(language)):
        return str(countries.name(code)) if code in countries else ""


def delivery_letter(delivery: Delivery) -> Letter:
    """A letter laid out in the language it is written in: the language stored with it is
    the writer's interface, so the script of its text decides when the two disagree
    (pdf.text_language). Its direction, date and the writer's country follow."""
    payload = delivery.payload
    language = text_language(
        str(payload.get("language") or "en"),
        f"{payload.get('subject', '')}\n{payload.get('body', '')}",
    )
    return Letter(
        language=language,
        recipient_name=str(payload.get("target_name", "")),
        recipient_title=str(payload.get("target_title", "")),
        recipient_address=str(payload.get("target_address", ""))
        if delivery.channel != "email"
        else "",
        subject=str(payload.get("subject", "")),
        body=str(payload.get("body", "")),
        signer_name=str(payload.get("signer_name", "")),
        signer_country=_country_name(str(payload.get("signer_country", "")), language),
        date=timezone.localdate(delivery.created_at),
    )


def _cover_language(target: Target | None) -> str:
    language = target.language if target is not None else "en"
    return language if language in dict(settings.LANGUAGES) else "en"


def digest_received_note(digest: Delivery) -> str:
    """The line on a digest's cover that says on which days its letters arrived, in the
    official's language ("Letters received between 8 December 2026 and 10 December
    2026"). A digest composed before the days were stored falls back on its letters'."""
    payload = digest.payload
    try:
        first = datetime.date.fromisoformat(str(payload["received_from"]))
        last = datetime.date.fromisoformat(str(payload["received_to"]))
    except (KeyError, ValueError):
        days = [timezone.localdate(at) for at in digest.parts.values_list("created_at", flat=True)]
        if not days:
            return str(payload.get("day", ""))
        first, last = min(days), max(days)
    with translation.override(_cover_language(digest.target)):
        if first == last:
            return _("Letters received on %(day)s") % {"day": date_format(first, "DATE_FORMAT")}
        return _("Letters received between %(first)s and %(last)s") % {
            "first": date_format(first, "DATE_FORMAT"),
            "last": date_format(last, "DATE_FORMAT"),
        }


def print_letters_pdf(parts: Sequence[Delivery], *, target: Target | None, note: str) -> bytes:
    """Letters to one official, a cover sheet with the address first, one letter a page."""
    case_name = str(parts[0].payload.get("case_name", "")) if parts else ""
    with translation.override(_cover_language(target)):
        cover = CoverSheet(
            title=_("Letters for %(name)s") % {"name": case_name},
            recipient_name=target.name if target else "",
            recipient_title=target.title if target else "",
            recipient_address=target.postal_address if target else "",
            count=len(parts),
            note=note,
            language=translation.get_language() or "en",
        )
    return letters_pdf([delivery_letter(part) for part in parts], cover=cover)


def _card(part: Delivery, case: Case) -> SolidarityCard:
    """A card laid out in the language of its message (see delivery_letter)."""
    message = str(part.payload.get("body", ""))
    language = text_language(str(part.payload.get("language") or "en"), message)
    return SolidarityCard(
        language=language,
        case_name=case.name,
        message=message,
        signer_name=str(part.payload.get("signer_name", "")),
        signer_country=_country_name(str(part.payload.get("signer_country", "")), language),
    )


def print_cards_pdf(parts: Sequence[Delivery], *, case: Case, note: str) -> bytes:
    """Approved solidarity messages for one person, printed as cards."""
    cards = [_card(part, case) for part in parts]
    cover = CoverSheet(
        title=_("Messages of solidarity for %(name)s") % {"name": case.name},
        recipient_name=case.name,
        recipient_title="",
        recipient_address="",
        count=len(cards),
        note=note,
        language=translation.get_language() or "en",
    )
    return cards_pdf(cards, cover=cover)
