"""A staff member's second-factor enrolment link, sent through the outbox.

core makes and checks the link (core/second_factor.py); delivery sends the email that
carries it. The two meet here, in one transaction: the link is recorded and its email
queued together, or neither.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from writeathon.core.models import SecondFactorEnrolment
from writeathon.core.second_factor import second_factor_enrolment_prepare
from writeathon.delivery.composed import message_enqueue
from writeathon.delivery.staff_links import SECOND_FACTOR_ENROLMENT_COMPOSER


@transaction.atomic
def second_factor_enrolment_send(
    *, user: User, base_url: str, issued_by: User | None = None
) -> SecondFactorEnrolment:
    """Record a new enrolment link for `user` (older unused ones stop working) and queue the
    email that carries it; its token is made when the worker writes the email."""
    enrolment = second_factor_enrolment_prepare(user=user, issued_by=issued_by)
    message_enqueue(
        key=f"second-factor-enrolment:{enrolment.pk}",
        composer=SECOND_FACTOR_ENROLMENT_COMPOSER,
        recipient=user.email,
        payload={"enrolment_id": enrolment.pk, "base_url": base_url},
    )
    return enrolment
