"""Named staff actors who hold a ready role and no permission of their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.sections.models import Section
from writeathon.sections.services import staff_membership_set
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import action_submit, supporter_confirm


@dataclass
class RoleActor:
    name: str
    user: Any
    client: Client


def role_actor(
    username: str, role: str, *, section: Section | None = None, international: bool = False
) -> RoleActor:
    """A staff account given `role` in `section` (or in every section), nothing else."""
    user = get_user_model().objects.create_user(
        username=username, password="pw-role-123456", is_staff=True
    )
    staff_membership_set(user=user, section=section, is_international=international, role=role)
    user = get_user_model().objects.get(pk=user.pk)  # no permission cache
    client = Client()
    client.force_login(user)
    return RoleActor(username, user, client)


def posted_letter(case: Case, *, email: str, name: str, country: str) -> Delivery:
    """A postal letter written and confirmed by a supporter of `country`, waiting to be
    printed."""
    result = action_submit(
        case=case,
        channel=Channel.LETTER,
        email=email,
        name=name,
        country=country,
        language="en",
        base_url="http://testserver",
        subject="Release them",
        body="Dear Sir,\n\nPlease release the prisoner without delay.\n\nYours sincerely,",
    )
    supporter_confirm(supporter=Supporter.objects.get(email=email))
    delivery = Delivery.objects.get(action=result.action, kind=Delivery.Kind.LETTER)
    assert delivery.status == Delivery.Status.QUEUED, delivery.status
    return delivery
