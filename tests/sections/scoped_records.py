"""Records of two sections for the admin's scoping tests: held messages and their decisions.

Messages are written and confirmed through the real services, as from the public form, so
that each supporter's section comes from their country.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission

from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import action_submit, supporter_confirm


def held_message(case: Case, *, email: str, name: str, country: str, body: str) -> Delivery:
    """A message of solidarity, confirmed by its writer and held for a moderator."""
    result = action_submit(
        case=case,
        channel=Channel.SOLIDARITY,
        email=email,
        name=name,
        country=country,
        language="en",
        base_url="http://testserver",
        body=body,
    )
    supporter_confirm(supporter=Supporter.objects.get(email=email))
    delivery = Delivery.objects.get(action=result.action, kind=Delivery.Kind.SOLIDARITY)
    assert delivery.status == Delivery.Status.HELD
    return delivery


def grant(user: Any, *labels: str) -> None:
    """Give `user` the permissions named "app_label.codename"."""
    for label in labels:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
