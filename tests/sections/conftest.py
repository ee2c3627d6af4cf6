"""Named actors for section boundaries, and supporters from two sections' countries.

Peru's staff, Jordan's staff and international staff hold the same admin permissions: only
their section membership differs. A supporter (signed in, not staff) and an anonymous visitor
complete the cast. Every supporter is created by the real services, from the public form's
fields, so that their section comes from their country as it does in production.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.test import Client

from tests.factories import StaffUserFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.sections.models import Section
from writeathon.sections.services import staff_membership_set
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import ConsentGiven, action_submit

# What a section's staff are given to do their work; every staff actor holds all of it.
STAFF_PERMISSIONS = [
    "supporters.view_supporter",
    "supporters.change_supporter",
    "supporters.delete_supporter",
    "supporters.view_consent",
    "actions.view_action",
]


@dataclass
class Actor:
    name: str
    user: Any
    client: Client


def _permissions() -> list[Permission]:
    found = []
    for label in STAFF_PERMISSIONS:
        app_label, codename = label.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def _signed_in(name: str, user: Any) -> Actor:
    client = Client()
    client.force_login(user)
    return Actor(name, user, client)


def _staff(username: str) -> Any:
    user = StaffUserFactory(username=username)
    user.user_permissions.set(_permissions())
    return get_user_model().objects.get(pk=user.pk)  # a fresh object: no permission cache


@pytest.fixture
def peru(campaign: Campaign) -> Section:
    """The sample campaign brings two sections: Peru and Jordan."""
    return Section.objects.get(country="PE")


@pytest.fixture
def jordan(campaign: Campaign) -> Section:
    return Section.objects.get(country="JO")


@pytest.fixture
def peru_staff(peru: Section) -> Actor:
    user = _staff("paola")
    staff_membership_set(user=user, section=peru)
    return _signed_in("Peru's staff", user)


@pytest.fixture
def jordan_staff(jordan: Section) -> Actor:
    user = _staff("yousef")
    staff_membership_set(user=user, section=jordan)
    return _signed_in("Jordan's staff", user)


@pytest.fixture
def international_staff(peru: Section) -> Actor:
    user = _staff("ines")
    staff_membership_set(user=user, is_international=True)
    return _signed_in("international staff", user)


@pytest.fixture
def unplaced_staff(db: Any) -> Actor:
    """Staff with the same permissions and no section membership yet."""
    return _signed_in("staff without a section", _staff("newcomer"))


@pytest.fixture
def supporter(db: Any) -> Actor:
    """A signed-in person who is not staff, even holding the same model permissions."""
    user = get_user_model().objects.create_user(username="amira", password="pw-amira-1")
    user.user_permissions.set(_permissions())
    return _signed_in("a supporter", get_user_model().objects.get(pk=user.pk))


@pytest.fixture
def anonymous_visitor(db: Any) -> Actor:
    return Actor("an anonymous visitor", AnonymousUser(), Client())


def act(case: Case, *, email: str, name: str, country: str) -> Action:
    """A signature with consent, as the public form records it."""
    result = action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email=email,
        name=name,
        country=country,
        language="en",
        base_url="http://testserver",
        consent=ConsentGiven(text="Keep me informed.", version="2016-1", form="case-signature"),
    )
    return result.action


@dataclass
class People:
    """Supporters from Peru, Jordan and France (no section), each with an action and consent."""

    rosa: Supporter
    diego: Supporter
    layla: Supporter
    omar: Supporter
    claire: Supporter

    @property
    def peruvians(self) -> list[Supporter]:
        return [self.rosa, self.diego]

    @property
    def jordanians(self) -> list[Supporter]:
        return [self.layla, self.omar]

    @property
    def everyone(self) -> list[Supporter]:
        return [self.rosa, self.diego, self.layla, self.omar, self.claire]


@pytest.fixture
def people(case: Case, peru: Section, jordan: Section) -> People:
    def supporter_acting(email: str, name: str, country: str) -> Supporter:
        action = act(case, email=email, name=name, country=country)
        assert action.supporter is not None
        return action.supporter

    return People(
        rosa=supporter_acting("rosa@peru.example", "Rosa Quispe", "PE"),
        diego=supporter_acting("diego@peru.example", "Diego Huaman", "PE"),
        layla=supporter_acting("layla@jordan.example", "Layla Haddad", "JO"),
        omar=supporter_acting("omar@jordan.example", "Omar Nasser", "JO"),
        claire=supporter_acting("claire@france.example", "Claire Martin", "FR"),
    )
