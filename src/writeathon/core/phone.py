"""Phone and fax numbers in the one form gateways and the database agree on: E.164."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from django_countries import countries


@dataclass(frozen=True)
class PhoneNumber:
    e164: str  # "+12025550142"
    country: str  # ISO 3166 code of the number's country, "" for non-geographic numbers


def phone_parse(raw: str, *, region: str = "") -> PhoneNumber | None:
    """The number in `raw` if it is a valid one, else None.

    International numbers ("+44 20 7946 0958", "0044...") need no region; a number written
    without its country code is read as a number of `region` (an ISO 3166 code) if given.
    Gateways send senders as digits with or without the "+", so all-digit input that is not
    valid in `region` is tried once more as an international number.
    """
    text = raw.strip()
    if not text or len(text) > 40:
        return None
    candidates = [text]
    if text.isdigit():
        candidates.append("+" + text)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, region.upper() or None)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        code = phonenumbers.region_code_for_number(number) or ""
        return PhoneNumber(
            e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
            country=code if code in countries else "",
        )
    return None
