"""Test building blocks for petitions: signatures as supporters give them, and staff who may
hand them in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.utils import timezone

from tests.delivery.staff import staff_user
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.sections.models import Section
from writeathon.supporters.consents import CONSENT_TEXT, CONSENT_VERSION
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.intake import ConsentGiven, action_submit


def signature(
    case: Case,
    *,
    email: str,
    name: str,
    country: str,
    language: str = "en",
    consent: bool = True,
    source: Source = Source.ONLINE,
) -> Action:
    """A confirmed signature by a supporter in their own browser, with the signature form's
    consent to updates when `consent`."""
    supporter, _created = supporter_get_or_create(
        email=email, name=name, country=country, language=language
    )
    Supporter.objects.filter(pk=supporter.pk).update(confirmed_at=timezone.now())
    result = action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email=email,
        name=name,
        country=country,
        language=language,
        base_url="http://testserver",
        consent=(
            ConsentGiven(text=str(CONSENT_TEXT), version=CONSENT_VERSION, form="case-signature")
            if consent
            else None
        ),
        source=source,
        browser_owner_id=supporter.pk,
    )
    assert result.action.status == Action.Status.CONFIRMED
    return result.action


def petition_staff(
    username: str,
    *,
    section: Section | None = None,
    hand_in: tuple[str, ...] = ("view", "add", "change"),
) -> Any:
    """Staff who may see (and make, and mark) hand-ins: international, or of `section`."""
    user = staff_user(username, permissions=(), section=section)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="delivery", codename__in=[f"{p}_handin" for p in hand_in]
        )
    )
    return user
