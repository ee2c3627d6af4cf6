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
from writeathon.core.vocabulary import Channel, Source
from writeathon.supporters.models import Consent, Supporter
from writeathon.supporters.services import BROWSER_COOKIE, browser_token_make, email_canonical


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


def act_url(case: Case, channel: str = "") -> str:
    """Where the one form of a case page posts, whatever ways to act it sends (`channel`
    names the way a test has in mind; the form itself says which were chosen)."""
    return reverse(
        "actions:act", kwargs={"campaign_slug": case.campaign.slug, "case_slug": case.slug}
    )


SUPPORTER_KEYS = ("name", "email", "country", "consent", "shown", "website", "ways")


def _way_text(channel: str) -> dict[str, str]:
    if channel in (Channel.EMAIL, Channel.FAX, Channel.LETTER):
        return {"subject": "Release Shawkan", "body": SAMPLE_BODY}
    if channel == Channel.SOLIDARITY:
        return {"body": SOLIDARITY_MESSAGE}
    return {}


def act_form_data(channels: list[str], **fields: str | None) -> dict[str, Any]:
    """A valid POST of the one form choosing `channels`; `fields` override or add fields:
    the supporter's by their name ("email"), a way's by "<channel>-<name>", or, with one
    channel chosen, by their bare name ("body").

    A field given as None is left out of the POST. The form counts as shown 10 seconds ago
    (FORM_MIN_SECONDS), with the honeypot `website` empty.
    """
    values: dict[str, Any] = {
        "name": "Amira Haddad",
        "email": "amira@example.com",
        "country": "FR",
        "shown": form_token_make(shown_at=time.time() - 10),
        "website": "",
        "ways": list(channels),
    }
    for channel in channels:
        values |= {f"{channel}-{key}": value for key, value in _way_text(channel).items()}
    for key, value in fields.items():
        if key not in SUPPORTER_KEYS and "-" not in key and len(channels) == 1:
            key = f"{channels[0]}-{key}"
        values[key] = value
    return {key: value for key, value in values.items() if value is not None}


def action_form_data(channel: str, **fields: str | None) -> dict[str, Any]:
    """A valid POST of the one form choosing one way to act, `channel` (see act_form_data)."""
    return act_form_data([channel], **fields)


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


def act_form_errors(response: Any, channel: str) -> dict[str, list[str]]:
    """The errors of the one form sent back: the supporter's fields and those of the way
    `channel`, by their bare field name."""
    form = response.context["act_form"]
    errors = {name: list(messages) for name, messages in form.errors.items()}
    way = form.way_forms.get(channel)
    if way is not None:
        errors |= {name: list(messages) for name, messages in way.errors.items()}
    return errors


def act_field_id(channel: str, field: str) -> str:
    """The HTML id of a field of the one form: the supporter's are shared by every way."""
    return f"id_{field}" if field in SUPPORTER_KEYS else f"id_{channel}-{field}"
