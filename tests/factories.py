"""Test data through factories: each builds a valid object, with only what a test names changed."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from writeathon.abuse.forms import form_token_make
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Appeal, Campaign, CampaignText, Case, Target
from writeathon.core.email_address import email_canonical
from writeathon.core.vocabulary import Channel, Source
from writeathon.supporters.models import Consent, Supporter
from writeathon.supporters.services import BROWSER_COOKIE, browser_token_make


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    slug = factory.Sequence(lambda n: f"campaign-{n}")
    name = factory.Sequence(lambda n: f"Campaign {n}")
    status = Campaign.Status.OPEN
    starts_on = date(2030, 11, 1)
    ends_on = date(2030, 12, 31)
    goal = 1000
    default_language = "en"


class CampaignTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignText

    campaign = factory.SubFactory(CampaignFactory)
    language = "en"
    title = factory.LazyAttribute(lambda o: f"{o.campaign.name} title [{o.language}]")


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    campaign = factory.SubFactory(CampaignFactory)
    slug = factory.Sequence(lambda n: f"case-{n}")
    name = factory.Sequence(lambda n: f"Person {n}")
    country = "CL"
    category = Case.Category.HUMAN_RIGHTS_DEFENDER
    status = Case.Status.PUBLISHED
    position = factory.Sequence(lambda n: n)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    case = factory.SubFactory(CaseFactory)
    name = "Ana Official"
    title = "Minister of Justice"
    email = "minister@example.org"
    language = "es"


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    case = factory.SubFactory(CaseFactory)
    language = "en"
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.case.name} [{o.language}]")
    story = factory.LazyAttribute(lambda o: f"The story of {o.case.name} [{o.language}].")
    ask = "Release them now."
    letter_subject = factory.LazyAttribute(lambda o: f"Free {o.case.name}")
    letter_body = "Dear Minister,\n\nPlease release them without delay.\n\nYours sincerely,"


class SupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supporter

    email = factory.Sequence(lambda n: f"supporter{n}@example.com")
    email_canonical = factory.LazyAttribute(lambda o: email_canonical(o.email) if o.email else "")
    name = factory.Sequence(lambda n: f"Supporter {n}")
    country = "FR"
    language = "en"
    confirmed_at = None

    class Params:
        confirmed = factory.Trait(confirmed_at=factory.LazyFunction(timezone.now))


class ActionFactory(factory.django.DjangoModelFactory):
    """An action row as it is stored; counting it is the services' business."""

    class Meta:
        model = Action

    case = factory.SubFactory(CaseFactory)
    campaign = factory.SelfAttribute("case.campaign")
    supporter = factory.SubFactory(SupporterFactory)
    channel = Channel.SIGNATURE
    source = Source.ONLINE
    status = Action.Status.PENDING
    country = "FR"
    language = "en"
    signer_name = factory.SelfAttribute("supporter.name")


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True

    @factory.post_generation
    def password(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        self.set_password(extracted or "correct horse battery staple")
        if create:
            self.save(update_fields=["password"])


# --- What the public forms post -------------------------------------------------------------

SAMPLE_BODY = "Dear Prosecutor,\n\nPlease release Shawkan now: journalism is not a crime.\n"
SOLIDARITY_MESSAGE = "Shawkan, you are not alone: we think of you and your family every day."


def act_url(case: Case, channel: str) -> str:
    return reverse(
        "actions:act",
        kwargs={"campaign_slug": case.campaign.slug, "case_slug": case.slug, "channel": channel},
    )


def action_form_data(channel: str, **fields: str | None) -> dict[str, str]:
    """A valid POST for the form of `channel`; `fields` override or add unprefixed fields.

    A field given as None is left out of the POST. The form counts as shown 10 seconds ago
    (FORM_MIN_SECONDS), with the honeypot `website` empty.
    """
    values: dict[str, str | None] = {
        "name": "Amira Haddad",
        "email": "amira@example.com",
        "country": "FR",
        "shown": form_token_make(shown_at=time.time() - 10),
        "website": "",
    }
    if channel in (Channel.EMAIL, Channel.FAX, Channel.LETTER):
        values |= {"subject": "Release Shawkan", "body": SAMPLE_BODY}
    elif channel == Channel.SOLIDARITY:
        values |= {"body": SOLIDARITY_MESSAGE}
    values |= fields
    return {f"{channel}-{key}": value for key, value in values.items() if value is not None}


def data_link_form_data(email: str) -> dict[str, str]:
    """The "manage my data" form as a person sends it, shown 10 seconds before."""
    return {"email": email, "website": "", "shown": form_token_make(shown_at=time.time() - 10)}


def stored_rows() -> dict[str, int]:
    """How many rows a submission could have written: compare before and after."""
    return {
        "supporters": Supporter.objects.count(),
        "actions": Action.objects.count(),
        "consents": Consent.objects.count(),
        "tallies": Tally.objects.count(),
    }


def owner_client(supporter: Supporter) -> Client:
    """A browser in which this supporter once followed their confirmation link."""
    client = Client()
    client.cookies[BROWSER_COOKIE] = browser_token_make(supporter=supporter)
    return client
