"""The "send the link again" and "confirm" buttons are public POSTs too: limited per client
address and per email address, refused with 429 and nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from tests.factories import ActionFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.supporters.services import confirmation_token_make

START = datetime(2030, 11, 20, 10, 30, 30, tzinfo=UTC)


@pytest.fixture
def waiting(case: Case) -> Action:
    """An action waiting for its address to be confirmed."""
    return ActionFactory(case=case, supporter__email="amira@example.com")


def test_resend_over_the_limit_per_address(
    visitor: Client, waiting: Action, settings: Any, store: str
) -> None:
    settings.RATE_LIMIT_FORM_PER_IP = [(2, 60)]
    url = f"/thanks/{waiting.public_id}/resend/"
    with time_machine.travel(START, tick=False):
        assert visitor.post(url).status_code == 302
        assert visitor.post(url).status_code == 302
        sent = len(mail.outbox)
        refused = visitor.post(url)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert len(mail.outbox) == sent


def test_resend_over_the_limit_per_email_from_many_addresses(
    waiting: Action, settings: Any, store: str
) -> None:
    settings.RATE_LIMIT_FORM_PER_EMAIL = [(2, 3600)]
    url = f"/thanks/{waiting.public_id}/resend/"
    with time_machine.travel(START, tick=False):
        for n in range(2):
            assert Client(REMOTE_ADDR=f"192.0.2.{n + 1}").post(url).status_code == 302
        assert Client(REMOTE_ADDR="192.0.2.9").post(url).status_code == 429


def test_confirm_over_the_limit_changes_nothing(
    visitor: Client, waiting: Action, settings: Any, store: str
) -> None:
    settings.RATE_LIMIT_FORM_PER_IP = [(1, 60)]
    other = ActionFactory(case=waiting.case, supporter__email="someone@example.com")
    assert waiting.supporter is not None
    with time_machine.travel(START, tick=False):
        token = confirmation_token_make(supporter=waiting.supporter)
        other_token = confirmation_token_make(supporter=other.supporter)
        # Looking at the page is not counted.
        assert visitor.get(f"/confirm/{token}/").status_code == 200
        assert visitor.get(f"/confirm/{token}/").status_code == 200
        assert visitor.post(f"/confirm/{other_token}/").status_code == 200
        refused = visitor.post(f"/confirm/{token}/")
    assert refused.status_code == 429
    assert Action.objects.get(pk=waiting.pk).status == Action.Status.PENDING
    assert Action.objects.get(pk=other.pk).status == Action.Status.CONFIRMED
