"""The API's resources, named after the Open Supporter Data Interface (OSDI) where it has a
name for them (docs/api.md maps each to ours)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

ORIGIN_SYSTEM = "Writeathon"

OutreachType = Literal["email", "fax", "letter", "signature", "solidarity", "tweet"]


class TargetOut(Schema):
    identifiers: list[str]
    origin_system: str = ORIGIN_SYSTEM
    given_name: str = Field(description="The official's name as the campaign writes it.")
    title: str
    office: str
    country: str
    advocacy_campaign: str = Field(description="Identifier of the case they are a target of.")
    ways_to_reach: list[str]


class AdvocacyCampaignOut(Schema):
    """One of our cases: a person at risk and what we ask of the officials."""

    identifiers: list[str]
    origin_system: str = ORIGIN_SYSTEM
    title: str
    description: str
    campaign: str
    country: str
    category: str
    languages: list[str]
    action_types: list[OutreachType]
    total_outreaches: int
    targets: list[TargetOut]
    created_date: datetime
    modified_date: datetime


class AdvocacyCampaignPage(Schema):
    items: list[AdvocacyCampaignOut]
    next_cursor: str | None


class TargetPage(Schema):
    items: list[TargetOut]
    next_cursor: str | None


class OutreachOut(Schema):
    """One supporter's action (OSDI outreach): no personal data."""

    identifiers: list[str]
    origin_system: str = ORIGIN_SYSTEM
    type: str
    status: Literal["pending", "confirmed", "declined"]
    source: str
    advocacy_campaign: str
    country: str
    created_date: datetime
    confirmed_date: datetime | None


class OutreachPage(Schema):
    items: list[OutreachOut]
    next_cursor: str | None


class EmailAddress(Schema):
    address: str = Field(max_length=254)
    status: str = "subscribed"


class PostalAddress(Schema):
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")


class PersonIn(Schema):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(default="", max_length=100)
    email_addresses: list[EmailAddress] = Field(min_length=1, max_length=1)
    postal_addresses: list[PostalAddress] = Field(min_length=1, max_length=1)
    languages_spoken: list[str] = Field(default_factory=list, max_length=3)


class OutreachIn(Schema):
    """Record one action through the same checks as the web form."""

    person: PersonIn
    type: OutreachType
    subject: str = Field(default="", max_length=200)
    message: str = Field(default="", max_length=5000)
    # The partner confirmed the address itself (needs the actions:confirmed scope).
    confirmed: bool = False
    # The supporter agreed to hear about the campaign, in the partner's words.
    consent_text: str = Field(default="", max_length=1000)


class PersonOut(Schema):
    identifiers: list[str]
    origin_system: str = ORIGIN_SYSTEM
    given_name: str
    email_addresses: list[EmailAddress]
    postal_addresses: list[PostalAddress]
    languages_spoken: list[str]
    section: str | None
    campaign_updates: bool = Field(description="Agreed to hear about the campaign by email.")
    created_date: datetime
    modified_date: datetime


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class TallyOut(Schema):
    campaign: str
    advocacy_campaign: str
    total: int


class TallyList(Schema):
    items: list[TallyOut]


class TallyIn(Schema):
    reference: str = Field(min_length=1, max_length=100, description="Yours; names this row.")
    advocacy_campaign: str = Field(min_length=1, max_length=80, description="The case's slug.")
    type: OutreachType
    count: int = Field(ge=0, le=1_000_000)
    date: date
    country: str = Field(default="", max_length=2)


class TalliesIn(Schema):
    tallies: list[TallyIn] = Field(min_length=1, max_length=500)


class TallyResult(Schema):
    reference: str
    counted: int
    moved_by: int
    status: str


class TalliesOut(Schema):
    results: list[TallyResult]
