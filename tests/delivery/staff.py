"""Named actors for the staff outbox pages, and deliveries put in the state a test needs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from tests.delivery.outbox import confirmed_action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.channels import Transport, TransportError
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import delivery_claim, delivery_send_claimed
from writeathon.sections.models import Section, StaffMembership

OUTBOX = "/staff/outbox/"


def staff_user(
    username: str,
    *,
    permissions: tuple[str, ...] = ("view", "change"),
    section: Section | None = None,
) -> Any:
    """A staff account with the given permissions on deliveries: international staff, or
    staff of `section`."""
    user = get_user_model().objects.create_user(
        username=username, password="pw-staff-123456", is_staff=True
    )
    StaffMembership.objects.create(user=user, section=section, is_international=section is None)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="delivery",
            codename__in=[f"{p}_delivery" for p in permissions],
        )
    )
    return user


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


class Refusing(Transport):
    """A channel that refuses every message with the given error."""

    channel = "email"

    def __init__(self, error: str, *, permanent: bool) -> None:
        self.error = error
        self.permanent = permanent

    def send(self, delivery: Delivery) -> str:
        raise TransportError(self.error, permanent=self.permanent)


def refused_letter(
    case: Case, *, email: str, error: str = "550 5.1.1 Mailbox unavailable", permanent: bool = True
) -> Delivery:
    """An email letter the official's server refused: dead if `permanent`, else failed.

    Every other delivery that is due when it is called is refused too.
    """
    action = confirmed_action(case, Channel.EMAIL, email=email)
    delivery_send_claimed(
        worker_id="test-worker",
        delivery_ids=delivery_claim(worker_id="test-worker"),
        transports={"email": Refusing(error, permanent=permanent)},
    )
    return Delivery.objects.get(action=action)
