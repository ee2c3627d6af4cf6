"""Test building blocks for impact: supporters who acted on a case, with or without their
consent to updates, and outcomes."""

from __future__ import annotations

from datetime import date

import factory

from tests.factories import ActionFactory, SupporterFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case, Outcome, OutcomeText
from writeathon.supporters.models import Consent, Supporter


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    supporter = factory.SubFactory(SupporterFactory)
    purpose = Consent.Purpose.CAMPAIGN_UPDATES
    text = "Send me news of this campaign."
    version = "1"
    form = "case"
    language = "en"


def writer(
    case: Case, *, language: str = "en", consents: bool = True, **fields: object
) -> Supporter:
    """A confirmed supporter with a confirmed action on `case`, who agreed to updates or not."""
    supporter = SupporterFactory(confirmed=True, language=language, **fields)
    action = ActionFactory(case=case, supporter=supporter, status=Action.Status.CONFIRMED)
    if consents:
        ConsentFactory(supporter=supporter, action=action, language=language)
    return supporter


def outcome_post(
    case: Case, *, texts: dict[str, str] | None = None, kind: str = Outcome.Kind.RELEASED
) -> Outcome:
    outcome = Outcome.objects.create(
        case=case, happened_on=date(2031, 2, 3), kind=kind, is_published=True
    )
    for language, text in (texts or {"en": "Released after 1,000 days."}).items():
        OutcomeText.objects.create(outcome=outcome, language=language, text=text)
    return outcome
