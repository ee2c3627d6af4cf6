"""`writeathon serve --with-worker` stopped (SIGTERM) mid-batch: the worker inside each web
process finishes the letter in hand and gives the rest back, instead of dying with its
claims, which would leave them waiting for the lease to run out."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils.crypto import get_random_string

from tests.conftest import WRITEATHON_COMMAND, command_env, free_port
from tests.delivery.outbox import SlowInbox, confirmed_action
from writeathon.campaigns.services import sample_campaign_load
from writeathon.delivery.models import Delivery

SECONDS_PER_LETTER = 0.4


@pytest.fixture
def slow_server() -> Iterator[tuple[SlowInbox, int]]:
    handler = SlowInbox(seconds=SECONDS_PER_LETTER)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_sigterm_to_serve_hands_the_rest_of_the_batch_back(
    slow_server: tuple[SlowInbox, int], tmp_path: Path
) -> None:
    inbox, smtp_port = slow_server
    case = sample_campaign_load().cases.get(slug="shawkan")
    for i in range(12):
        confirmed_action(case, email=f"writer{i}@example.net")
    env = command_env(
        WRITEATHON_MODE="production",
        WRITEATHON_DATA_DIR=str(tmp_path),
        DATABASE_URL=_database_url(),
        SECRET_KEY=get_random_string(50),
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="false",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        DELIVERY_BATCH_SIZE="10",
        DELIVERY_POLL_SECONDS="0.1",
        LOG_LEVEL="WARNING",
    )
    port = free_port()
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen(
            [
                WRITEATHON_COMMAND,
                "serve",
                "--with-worker",
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while inbox.count() < 2:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.02)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0, (tmp_path / "serve.log").read_text()
    finally:
        if server.poll() is None:
            server.kill()

    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    delivered = letters.filter(status=Delivery.Status.DELIVERED).count()
    assert delivered < 10  # not the whole batch
    # Nothing is left claimed by the stopped process: the rest is due now, for any worker.
    assert not letters.filter(status=Delivery.Status.SENDING).exists()
    given_back = letters.filter(status=Delivery.Status.QUEUED)
    assert given_back.count() == 12 - delivered
    assert set(given_back.values_list("attempts", flat=True)) == {0}
    assert len(set(inbox.message_ids)) == inbox.count() == delivered
