"""A fax line takes one call at a time: a batch calls each number once and comes back later
for the rest, without counting that as a failed attempt."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.utils import timezone

from tests.delivery.faxing import OFFICE_FAX, OFFICE_FAX_E164, OTHER_FAX, fax_letter
from tests.delivery.gateways import FakeGateway
from tests.delivery.outbox import confirmed_action, outbox_pass
from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery


def test_two_faxes_to_one_number_one_is_sent_the_other_waits(
    case: Case, fax_gateway: FakeGateway, settings: Any
) -> None:
    settings.FAX_CALLS_PER_MINUTE = 2  # a call every 30 seconds per number
    first = fax_letter(case, email="first@example.net")
    second = fax_letter(case, email="second@example.net")

    before = timezone.now()
    result = outbox_pass()

    assert result.delivered == [first.pk]
    assert result.postponed == [second.pk]
    assert len(fax_gateway.requests) == 1
    second.refresh_from_db()
    assert second.status == Delivery.Status.QUEUED
    assert second.attempts == 0
    assert second.next_try_at is not None
    assert second.next_try_at >= before + timedelta(seconds=29)
    assert second.last_error == ""

    # Not before the line is free again (the first writer's "delivered" email goes); then it
    # goes.
    assert second.pk not in outbox_pass().delivered
    with time_machine.travel(second.next_try_at + timedelta(seconds=1), tick=True):
        assert second.pk in outbox_pass().delivered
    second.refresh_from_db()
    assert second.attempts == 1
    assert [r.form()["to"][2].decode() for r in fax_gateway.requests] == [OFFICE_FAX_E164] * 2


def test_faxes_to_different_numbers_go_in_the_same_batch(
    case: Case, fax_gateway: FakeGateway
) -> None:
    Target.objects.filter(case=case).update(fax=OFFICE_FAX)
    Target.objects.create(
        case=case, name="Second Official", title="Minister", fax=OTHER_FAX, language="ar"
    )
    action = confirmed_action(case, Channel.FAX)
    faxes = list(Delivery.objects.filter(action=action).order_by("pk"))
    assert len(faxes) == 2

    result = outbox_pass()

    assert sorted(result.delivered) == [fax.pk for fax in faxes]
    assert result.postponed == []
    numbers = {r.form()["to"][2].decode() for r in fax_gateway.requests}
    assert numbers == {OFFICE_FAX_E164, "+12025550177"}
