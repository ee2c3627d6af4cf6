"""The email that brings a staff member their second-factor enrolment link.

The link and its token belong to core (core/second_factor.py); the email is an outbox row
like every other, composed when the worker sends it, so the token exists only in the email
that goes: the row holds the enrolment's id and the site address, and the database only the
token's hash. Registered here because core sits below delivery and cannot name it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from writeathon.core.second_factor import (
    second_factor_enrolment_email,
    second_factor_enrolment_token_make,
)
from writeathon.delivery.channels.base import NotNeeded
from writeathon.delivery.models import Delivery

SECOND_FACTOR_ENROLMENT_COMPOSER = "core.second_factor_enrolment"


def second_factor_enrolment_message(delivery: Delivery) -> EmailMessage:
    """Write the enrolment email with a token made now (the newest token wins)."""
    payload = delivery.payload if isinstance(delivery.payload, dict) else {}
    enrolment_id = payload.get("enrolment_id")
    made = (
        second_factor_enrolment_token_make(enrolment_id=enrolment_id)
        if isinstance(enrolment_id, int)
        else None
    )
    if made is None:
        raise NotNeeded("The enrolment link was used, replaced or withdrawn")
    enrolment, token = made
    return second_factor_enrolment_email(
        enrolment=enrolment,
        token=token,
        base_url=str(payload.get("base_url") or settings.SITE_URL),
        message_id=delivery.message_id,
    )
