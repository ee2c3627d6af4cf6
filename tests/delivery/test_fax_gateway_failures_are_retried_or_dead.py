"""What the fax gateway answers decides what happens: a passing failure is tried again
later with the same idempotency key, a refusal of the fax itself is final."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import free_port
from tests.delivery.faxing import fax_letter
from tests.delivery.gateways import FakeGateway
from tests.delivery.outbox import outbox_pass
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery, DeliveryAttempt


def later(minutes: int = 10) -> time_machine.travel:
    """Past any retry delay and fax line pause of a first attempt."""
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=True)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, "Internal Server Error"),
        (502, "<html><body>Bad gateway</body></html>"),
        (503, {"error": "Maintenance, back soon"}),
        (408, {"error": "Request timeout"}),
        (429, {"error": "Too many requests"}),
        (401, {"error": "Invalid token"}),
    ],
)
def test_a_passing_failure_is_retried_later_with_the_same_key(
    case: Case, fax_gateway: FakeGateway, status: int, body: Any
) -> None:
    fax = fax_letter(case)
    fax_gateway.answer(status, body)

    result = outbox_pass()

    assert result.failed == [fax.pk]
    fax.refresh_from_db()
    assert fax.status == Delivery.Status.FAILED
    assert str(status) in fax.last_error
    assert fax.next_try_at is not None and fax.next_try_at > timezone.now()
    assert fax.attempts == 1
    assert outbox_pass().delivered == []  # not due yet

    with later():
        result = outbox_pass()

    assert result.delivered == [fax.pk]
    fax.refresh_from_db()
    assert fax.status == Delivery.Status.DELIVERED
    assert fax.attempts == 2
    assert [r.headers["idempotency-key"] for r in fax_gateway.requests] == [fax.idempotency_key] * 2
    assert len(fax_gateway.messages) == 1
    outcomes = set(DeliveryAttempt.objects.filter(delivery=fax).values_list("outcome", flat=True))
    assert outcomes == {DeliveryAttempt.Outcome.FAILED, DeliveryAttempt.Outcome.DELIVERED}


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (400, {"error": "The number is not a fax line"}, "The number is not a fax line"),
        (422, {"error": {"message": "Document has too many pages"}}, "too many pages"),
        (404, "No such endpoint " + "x" * 5000, "No such endpoint xxx"),
        (403, "", "Forbidden"),
    ],
)
def test_a_refusal_is_dead_at_once_with_the_gateways_reason(
    case: Case, fax_gateway: FakeGateway, status: int, body: Any, reason: str
) -> None:
    fax = fax_letter(case)
    fax_gateway.answer(status, body)

    result = outbox_pass()

    assert result.dead == [fax.pk]
    fax.refresh_from_db()
    assert fax.status == Delivery.Status.DEAD
    assert fax.next_try_at is None
    assert f"({status})" in fax.last_error
    assert reason in fax.last_error
    assert len(fax.last_error) < 500  # a long answer is cut short
    with later():
        assert outbox_pass().delivered == []
    assert len(fax_gateway.requests) == 1


def test_a_number_no_gateway_could_dial_is_dead_without_a_call(
    case: Case, fax_gateway: FakeGateway
) -> None:
    fax = fax_letter(case, fax="+1 555 0101")  # seven digits: not a number in North America

    result = outbox_pass()

    assert result.dead == [fax.pk]
    fax.refresh_from_db()
    assert "Not a valid phone number" in fax.last_error
    assert fax_gateway.requests == []


def test_a_gateway_that_is_down_is_tried_again(case: Case, settings: Any) -> None:
    settings.FAX_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/v1/faxes"
    settings.DELIVERY_TRANSPORTS = {
        **settings.DELIVERY_TRANSPORTS,
        "fax": "writeathon.delivery.channels.fax.GatewayFaxTransport",
    }
    fax = fax_letter(case)

    result = outbox_pass()

    assert result.failed == [fax.pk]
    fax.refresh_from_db()
    assert fax.status == Delivery.Status.FAILED
    assert "Cannot reach the fax gateway" in fax.last_error


def test_a_timeout_is_temporary_and_the_retry_sends_one_fax(
    case: Case, fax_gateway: FakeGateway, settings: Any
) -> None:
    settings.GATEWAY_TIMEOUT_SECONDS = 0.5
    fax = fax_letter(case)
    # The gateway takes the fax but answers too late: the retry must not fax it twice.
    fax_gateway.answer(200, {"id": "fax-77"}, delay=2)

    result = outbox_pass()

    assert result.failed == [fax.pk]
    fax.refresh_from_db()
    assert fax.status == Delivery.Status.FAILED
    assert "did not answer within 0.5 s" in fax.last_error

    with later():
        assert outbox_pass().delivered == [fax.pk]
    fax.refresh_from_db()
    assert fax.provider_id == "fax-77"
    assert len(fax_gateway.requests) == 2
    assert len(fax_gateway.messages) == 1


def test_an_acceptance_without_an_id_still_counts_as_sent(
    case: Case, fax_gateway: FakeGateway
) -> None:
    fax = fax_letter(case)
    fax_gateway.answer(202, "Accepted")

    assert outbox_pass().delivered == [fax.pk]
    fax.refresh_from_db()
    assert fax.status == Delivery.Status.DELIVERED
    assert fax.provider_id == ""
