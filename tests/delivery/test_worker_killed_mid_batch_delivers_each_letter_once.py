"""A worker killed with SIGKILL in the middle of a batch: after a restart every letter
reaches the mail server, and none is lost or sent twice."""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.utils.crypto import get_random_string

from tests.conftest import WRITEATHON_COMMAND, command_env
from tests.delivery.outbox import SlowInbox, confirmed_action
from writeathon.campaigns.services import sample_campaign_load
from writeathon.delivery.models import Delivery

LETTERS = 30


def _database_url() -> str:
    """The test database, for a worker started as its own process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _start_worker(port: int, tmp_path: Any) -> subprocess.Popen[bytes]:
    env = command_env(
        DATABASE_URL=_database_url(),
        SECRET_KEY=get_random_string(50),
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        # A short claim, so that the killed worker's rows come back soon; it must outlast the
        # longest SMTP exchange (13 waits of EMAIL_TIMEOUT), or the worker refuses to start.
        EMAIL_TIMEOUT="0.5",
        DELIVERY_RECORD_RETRY_SECONDS="0.5",
        DELIVERY_LEASE_SECONDS="7",
        DELIVERY_BATCH_SIZE="10",
        DELIVERY_POLL_SECONDS="0.1",
        WRITEATHON_DATA_DIR=str(tmp_path),
        LOG_LEVEL="WARNING",
    )
    with open(tmp_path / "worker.log", "ab") as log:
        return subprocess.Popen(
            [WRITEATHON_COMMAND, "worker", "--interval", "0.1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )


def _wait_for(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_sigkill_mid_batch_then_restart_delivers_every_letter_exactly_once(
    slow_inbox: tuple[SlowInbox, int], tmp_path: Any
) -> None:
    inbox, port = slow_inbox
    case = sample_campaign_load().cases.get(slug="shawkan")
    for i in range(LETTERS):
        confirmed_action(case, email=f"writer{i}@example.net")
    expected = {d.message_id for d in Delivery.objects.filter(kind=Delivery.Kind.LETTER)}
    assert len(expected) == LETTERS

    worker = _start_worker(port, tmp_path)
    try:
        assert _wait_for(lambda: inbox.count() >= 7, timeout=60), (
            tmp_path / "worker.log"
        ).read_text()
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    received_before_restart = inbox.count()
    assert received_before_restart < LETTERS  # the kill really came mid-way
    # The dead worker's claim is still on some rows: they are neither lost nor sent yet.
    assert Delivery.objects.filter(status=Delivery.Status.SENDING).exists()

    restarted = _start_worker(port, tmp_path)
    try:
        letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
        done = lambda: not letters.exclude(status=Delivery.Status.DELIVERED).exists()  # noqa: E731
        assert _wait_for(done, timeout=90)
        # The supporters' notices follow their letters.
        notices = Delivery.objects.filter(kind=Delivery.Kind.NOTICE)
        assert _wait_for(
            lambda: notices.filter(status=Delivery.Status.DELIVERED).count() == LETTERS, 60
        )
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(timeout=30) == 0

    seen = Counter(inbox.message_ids)
    letter_ids = {mid for mid in seen if mid in expected}
    # No gap: every letter reached the server.
    assert letter_ids == expected
    # Nothing that is not a delivery of ours.
    all_ids = {d.message_id for d in Delivery.objects.all()}
    assert set(seen) <= all_ids
    # No duplicate, but the one message that may have been in flight when the worker died
    # (accepted by the server an instant before the kill, not yet recorded): it is resent
    # with the same Message-ID, so the receiver recognises it.
    repeats = sum(n - 1 for n in seen.values())
    assert repeats <= 1, seen.most_common(3)
