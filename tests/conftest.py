"""Shared fixtures: the sample campaign, named actors, and a real SMTP server on loopback."""

from __future__ import annotations

import os
import socket
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.test import override_settings
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.services import sample_campaign_load


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    """Files the product writes (PDF cache, print runs) go to the test's own folder."""
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    settings.OUTBOX_DIR = tmp_path / "outbox"


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign(db: Any) -> Campaign:
    """The sample campaign, Write for Rights 2016, with its four cases and past editions."""
    return sample_campaign_load()


@pytest.fixture
def case(campaign: Campaign) -> Case:
    return Case.objects.get(campaign=campaign, slug="shawkan")


# What the test run sets for itself and a command started by a test must not inherit.
_TEST_ONLY_ENV = {
    "DATABASE_URL",
    "REDIS_URL",
    "WRITEATHON_MODE",
    "TASKS_BACKEND",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    # Set by the browser tests for Playwright; a deployment check rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}

WRITEATHON_COMMAND = str(Path(sys.executable).parent / "writeathon")


def command_env(**settings: str) -> dict[str, str]:
    """The environment for running `writeathon` as a user would, with the given settings."""
    env = {key: value for key, value in os.environ.items() if key not in _TEST_ONLY_ENV}
    env.update(settings)
    return env


def run_ready_tasks() -> None:
    """Run every queued task that is due, as one database worker would, then return."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(16),
        excluded_queue_names=[],
    ).run()


def http_get(url: str) -> tuple[int, bytes]:
    """Status and body of a GET to a server the test started on loopback."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ReceivedMail:
    """Messages received by the loopback SMTP server."""

    messages: list[Message] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    inbox: ReceivedMail


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on loopback, with Django's email pointed at it."""
    inbox = ReceivedMail()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield SmtpServer(host="127.0.0.1", port=port, inbox=inbox)
    finally:
        controller.stop()


# A mail server on loopback that refuses chosen addresses at RCPT (4xx or 5xx).
from tests.mail_refusals import rcpt_refusing_server  # noqa: E402, F401
