"""A mail server that refuses a message for good (5xx) is not asked again fifteen times."""

from __future__ import annotations

from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.utils import timezone

from tests.conftest import free_port
from tests.delivery.outbox import outbox_pass
from writeathon.campaigns.services import sample_campaign_load
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.usecases.intake import action_submit


class RefusingServer:
    def __init__(self) -> None:
        self.attempts = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        return "554 5.7.1 Message rejected as spam"


@pytest.mark.django_db(transaction=True)
def test_a_5xx_refusal_makes_a_dead_letter_without_retry() -> None:
    handler = RefusingServer()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
        ):
            case = sample_campaign_load().cases.get(slug="shawkan")
            action_submit(
                case=case,
                channel=Channel.SIGNATURE,
                email="refused@example.net",
                name="Refused",
                country="FR",
                language="en",
                base_url="http://testserver",
            )
            outbox_pass()
            Delivery.objects.update(next_try_at=timezone.now())
            outbox_pass()
    finally:
        controller.stop()
    assert handler.attempts == 1
    assert Delivery.objects.get().status == Delivery.Status.DEAD
