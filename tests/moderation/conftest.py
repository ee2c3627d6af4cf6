"""Named actors for the moderation pages, and messages held for them to read.

Actors: an anonymous visitor, a supporter with an account (not staff), staff without the
moderation permission (they look after the outbox), a moderator (international staff), and
a section's moderator.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from tests.delivery.outbox import confirmed_action
from tests.factories import StaffUserFactory
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.sections.models import Section, StaffMembership

QUEUE = "/staff/moderation/"
DECIDE = QUEUE + "decide/"


def moderator_user(username: str = "moderator", *, section: Section | None = None) -> Any:
    """A moderator: international staff, or staff of `section` (they see its supporters')."""
    user = StaffUserFactory(username=username)
    StaffMembership.objects.create(user=user, section=section, is_international=section is None)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="moderation", codename="moderate")
    )
    return user


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def moderator(db: Any) -> Client:
    """Staff who read held messages and decide on them."""
    return signed_in(moderator_user())


@pytest.fixture
def outbox_staff_without_moderation(db: Any) -> Client:
    """Staff who look after the outbox (every delivery permission) but do not moderate."""
    user = StaffUserFactory(username="outbox-staff")
    StaffMembership.objects.create(user=user, is_international=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="delivery"))
    return signed_in(user)


@pytest.fixture
def supporter_account(db: Any) -> Client:
    """A signed-in user who is not staff."""
    return signed_in(
        get_user_model().objects.create_user(username="reader", password="pw-123456789")
    )


def held_delivery(
    case: Case, channel: Channel = Channel.EMAIL, *, email: str, body: str
) -> Delivery:
    """The one delivery of a confirmed action, which screening (or the case) held."""
    action = confirmed_action(case, channel, email=email, body=body)
    delivery = Delivery.objects.get(action=action)
    assert delivery.status == Delivery.Status.HELD
    return delivery
