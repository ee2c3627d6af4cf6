"""A real SMTP server on loopback that refuses chosen addresses at RCPT, with the code asked.

A greylisting server answers 451 at RCPT; a server that knows no such mailbox answers 550.
smtplib raises SMTPRecipientsRefused in both cases when every recipient is refused, and
returns the refused ones quietly when some other recipient was accepted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest

from tests.smtp import loopback_smtp


@dataclass
class RcptRefusingServer:
    """Accepts every address but those told to refuse; keeps what each address received."""

    refusals: dict[str, str] = field(default_factory=dict)
    # (envelope recipients, message) for each message accepted.
    received: list[tuple[list[str], Message]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def refuse(self, address: str, answer: str) -> None:
        with self.lock:
            self.refusals[address.lower()] = answer

    def accept(self, address: str) -> None:
        with self.lock:
            self.refusals.pop(address.lower(), None)

    def received_by(self, address: str) -> list[Message]:
        with self.lock:
            return [
                message
                for rcpt_tos, message in self.received
                if address.lower() in (r.lower() for r in rcpt_tos)
            ]

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        with self.lock:
            answer = self.refusals.get(address.lower())
            if answer is not None:
                self.refused.append((address, answer))
                return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def rcpt_refusing_server() -> Iterator[RcptRefusingServer]:
    """A mail server on loopback, with Django's email pointed at it, that refuses on demand."""
    handler = RcptRefusingServer()
    with loopback_smtp(handler):
        yield handler
