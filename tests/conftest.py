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
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from tests.factories import sample_campaign_load_for_tests
from writeathon.campaigns import sample_content
from writeathon.campaigns.models import Campaign, Case
from writeathon.sections.models import Section
from writeathon.sections.services import SAMPLE_SECTIONS


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests (transactional, so pytest-django puts them last) go first: run with
    `-n`, the workers start on these long tests instead of finishing on them."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    items[:] = browser + [item for item in items if not item.get_closest_marker("browser")]


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> None:
    """Files the product writes (PDF cache, print runs, mail, uploads) go to the test's own
    folder, so that tests running side by side never share one."""
    settings.DATA_DIR = tmp_path
    settings.MAIL_DIR = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    settings.OUTBOX_DIR = tmp_path / "outbox"


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


# The sample campaign is loaded once per test database (each xdist worker has its own), when
# the database is made: loading it takes longer than most tests. A test that asks for it
# (through `campaign`, `case` or the browser tests' `sample_campaign`) finds it there; any
# other test that uses the database sees it empty, as before. Tests run in a transaction
# that is rolled back, so what one test changes no other sees; transactional tests end
# with the database flushed, and the next test that asks for the sample loads it again.
_SAMPLE_FIXTURES = {"campaign", "sample_campaign"}
_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def sample_campaign_present() -> bool:
    return Campaign.objects.filter(slug=sample_content.CAMPAIGN["slug"]).exists()


def sample_campaign_forget() -> None:
    """Delete what `sample_campaign_load` made: its campaigns (with their cases, officials,
    appeals and texts) and its sections."""
    slugs = [edition["slug"] for edition in sample_content.PAST_EDITIONS]
    campaigns = Campaign.objects.filter(slug__in=[*slugs, sample_content.CAMPAIGN["slug"]])
    Case.objects.filter(campaign__in=campaigns).delete()  # a campaign protects its cases
    campaigns.delete()
    Section.objects.filter(country__in=[data["country"] for data in SAMPLE_SECTIONS]).delete()


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database, with the sample campaign loaded once."""
    with django_db_blocker.unblock():
        sample_campaign_forget()  # left by an earlier run, with --reuse-db
        empty = _row_counts()
        sample_campaign_load_for_tests()
        # Forgetting the sample must give back the empty database exactly, or tests that do
        # not ask for it would see rows they never made.
        with transaction.atomic():
            sample_campaign_forget()
            left = {t: n for t, n in _row_counts().items() if n != empty[t]}
            transaction.set_rollback(True)
        assert not left, f"sample_campaign_forget leaves rows behind: {left}"


@pytest.fixture(autouse=True)
def _sample_campaign_as_asked(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Give each database test the sample campaign if it asks for it, and none if it does not."""
    fixtures = set(request.fixturenames)
    if not (fixtures & _DATABASE_FIXTURES or request.node.get_closest_marker("django_db")):
        return
    wanted = bool(fixtures & _SAMPLE_FIXTURES)
    request.getfixturevalue("django_db_setup")
    if wanted:
        # Outside the test's transaction, so that it stays for the tests after this one.
        with django_db_blocker.unblock():
            if not sample_campaign_present():
                sample_campaign_load_for_tests()
    request.getfixturevalue("_django_db_helper")
    if not wanted:
        # Inside the test's transaction (rolled back at its end); a transactional test
        # ends with a flush.
        with django_db_blocker.unblock():
            sample_campaign_forget()


@pytest.fixture
def campaign(db: Any) -> Campaign:
    """The sample campaign, Write for Rights 2016, with its four cases and past editions."""
    return Campaign.objects.get(slug=sample_content.CAMPAIGN["slug"])


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
    with loopback_smtp(inbox) as port:
        yield SmtpServer(host="127.0.0.1", port=port, inbox=inbox)


# A real SMTP server on loopback for any handler.
# A mail server on loopback that refuses chosen addresses at RCPT (4xx or 5xx).
from tests.mail_refusals import rcpt_refusing_server  # noqa: E402, F401
from tests.smtp import loopback_smtp  # noqa: E402
