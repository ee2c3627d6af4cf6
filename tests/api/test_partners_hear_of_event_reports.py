"""An event's report-back reaches the partners that asked for it, as a webhook queued in the
outbox: once per version of the report (a correction is news again), none twice."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient
from tests.events.factories import EventFactory, open_campaign
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.partners.models import WebhookEvent
from writeathon.partners.services import webhook_endpoint_create
from writeathon.usecases.event_reports import event_report_submit

pytestmark = pytest.mark.django_db


def test_each_version_of_a_report_is_sent_once(
    international: ApiClient, campaign: Campaign, case: Case
) -> None:
    open_campaign(campaign)
    webhook_endpoint_create(
        partner=international.partner,
        url="https://hub.example.org/hooks",
        events=[WebhookEvent.EVENT_REPORTED],
    )
    event = EventFactory(campaign=campaign)
    event.cases.set([case])
    counts = {(case.pk, Channel.LETTER.value): 12}

    event_report_submit(event=event, attendees=10, counts=counts)
    event_report_submit(event=event, attendees=10, counts=counts)  # the same again
    hooks = Delivery.objects.filter(kind=Delivery.Kind.WEBHOOK)
    assert hooks.count() == 1
    data = hooks.get().payload["data"]
    assert (data["event"], data["total"], data["attendees"]) == (str(event.public_id), 12, 10)

    event_report_submit(event=event, attendees=10, counts={(case.pk, Channel.LETTER.value): 9})
    assert hooks.count() == 2
