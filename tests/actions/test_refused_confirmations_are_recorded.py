"""A confirmation email the mail server refuses for good is recorded, so that staff and
operators can see how many supporters never got their link."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.delivery.refusals import RefusingServer, refused_confirmations
from tests.delivery.refusals import refusing_mail_server as refusing_mail_server
from writeathon.campaigns.services import sample_campaign_load
from writeathon.delivery.models import Delivery
from writeathon.delivery.selectors import confirmations_refused_count


@pytest.mark.django_db(transaction=True)
def test_each_refused_confirmation_is_counted_once(
    refusing_mail_server: RefusingServer,
) -> None:
    case = sample_campaign_load().cases.get(slug="shawkan")
    before = timezone.now()
    refused_confirmations(case, 2)
    assert refusing_mail_server.refused == 2
    # Not tried again: a refusal for good makes each a dead letter at once.
    assert set(Delivery.objects.values_list("kind", "status")) == {
        (Delivery.Kind.CONFIRMATION, Delivery.Status.DEAD)
    }
    outbox_pass()
    assert refusing_mail_server.refused == 2
    assert confirmations_refused_count(since=before) == 2
    assert confirmations_refused_count(since=timezone.now()) == 0
