"""A mail server on loopback that refuses every message for good, and confirmations it refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.delivery.outbox import outbox_pass
from tests.smtp import loopback_smtp
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.usecases.intake import action_submit


class RefusingServer:
    def __init__(self) -> None:
        self.refused = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.refused += 1
        return "554 5.7.1 Message rejected as spam"


@pytest.fixture
def refusing_mail_server() -> Iterator[RefusingServer]:
    """Django's email goes to a server that refuses every message with a 5xx."""
    handler = RefusingServer()
    with loopback_smtp(handler):
        yield handler


def refused_confirmations(case: Case, count: int) -> None:
    """`count` newcomers sign; the mail server refuses each confirmation email."""
    for i in range(count):
        action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email=f"newcomer{i}@example.net",
            name="Newcomer",
            country="FR",
            language="en",
            base_url="http://testserver",
        )
    outbox_pass()
