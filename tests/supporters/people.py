"""Test building blocks for privacy: supporters with letters and consents, and their links."""

from __future__ import annotations

from django.urls import reverse

from tests.delivery.outbox import confirmed_action
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.supporters.links import data_link_token_make, unsubscribe_token_make
from writeathon.supporters.models import Consent, Supporter
from writeathon.supporters.services import consent_record

CONSENT_TEXT = "Keep me informed by email about this campaign. I can stop these emails at any time."


def writer(
    case: Case,
    *,
    email: str,
    name: str = "Amal Writer",
    body: str = "Dear Sir,\n\nPlease release Shawkan now: journalism is not a crime.",
    channel: Channel = Channel.EMAIL,
    consent: bool = True,
) -> Action:
    """A confirmed supporter's letter, waiting in the outbox, and their consent to updates."""
    action = confirmed_action(case, channel, email=email, name=name, body=body)
    assert action.supporter is not None
    if consent:
        consent_record(
            supporter=action.supporter,
            purpose=Consent.Purpose.CAMPAIGN_UPDATES,
            text=CONSENT_TEXT,
            version="2016-1",
            form=f"case-{channel}",
            language="en",
            action_id=action.pk,
        )
    return action


def data_url(supporter: Supporter, name: str = "data") -> str:
    """A page behind the link of the "manage my data" email."""
    return reverse(
        f"supporters:{name}", kwargs={"token": data_link_token_make(supporter=supporter)}
    )


def unsubscribe_path(supporter: Supporter) -> str:
    return reverse(
        "supporters:unsubscribe", kwargs={"token": unsubscribe_token_make(supporter=supporter)}
    )
