"""PostgreSQL restarts under a running `writeathon worker` in the middle of a batch.

The test runs a cluster of its own (the shared server is left alone) and counts at a real
SMTP server on loopback: after the restart every letter arrives, none twice beyond the one
message that may have been in flight (resent with the same Message-ID), and the batch the
worker held is finished at once rather than after its five-minute lease.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.utils.crypto import get_random_string

from tests.conftest import WRITEATHON_COMMAND, command_env
from tests.delivery.outbox import SlowInbox
from tests.delivery.postgres_cluster import SEED_LETTERS, OwnCluster, missing

pytestmark = pytest.mark.postgres_cluster

LETTERS = 60
LEASE_SECONDS = 300
REPO = Path(__file__).resolve().parents[2]


OUTBOX = """
import json
import django
django.setup()
from writeathon.delivery.models import Delivery
print(json.dumps([[d.kind, d.status, d.message_id] for d in Delivery.objects.all()]))
"""


def _env(cluster: OwnCluster, tmp_path: Path, **extra: str) -> dict[str, str]:
    return command_env(
        DATABASE_URL=cluster.url,
        SECRET_KEY=get_random_string(50),
        WRITEATHON_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="writeathon.settings",
        LOG_LEVEL="WARNING",
        **extra,
    )


def _python(code: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _statuses(cluster: OwnCluster) -> Counter[str]:
    """Letters by status, read straight from the cluster (None of them while it is down)."""
    try:
        with psycopg.connect(cluster.url, connect_timeout=2) as db:
            rows = db.execute(
                "SELECT status, count(*) FROM delivery_delivery WHERE kind = 'letter' "
                "GROUP BY status"
            ).fetchall()
    except psycopg.OperationalError:
        return Counter()
    return Counter(dict(rows))


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def cluster() -> Iterator[OwnCluster]:
    reason = missing()
    if reason:
        pytest.skip(f"no PostgreSQL cluster of the test's own: {reason}")
    own = OwnCluster()
    try:
        own.create()
        yield own
    finally:
        own.destroy()


def test_a_postgresql_restart_mid_batch_loses_nothing_and_strands_nothing(
    cluster: OwnCluster, slow_inbox: tuple[SlowInbox, int], tmp_path: Path
) -> None:
    inbox, port = slow_inbox
    env = _env(cluster, tmp_path)
    subprocess.run([WRITEATHON_COMMAND, "migrate"], env=env, check=True, capture_output=True)
    _python(SEED_LETTERS, env, str(LETTERS))

    log_path = tmp_path / "worker.log"
    worker_env = _env(
        cluster,
        tmp_path,
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        DELIVERY_LEASE_SECONDS=str(LEASE_SECONDS),
        DELIVERY_BATCH_SIZE="20",
        DELIVERY_POLL_SECONDS="0.1",
    )
    with open(log_path, "ab") as log:
        worker = subprocess.Popen(
            [WRITEATHON_COMMAND, "worker", "--interval", "0.1"],
            env=worker_env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        assert _wait_for(lambda: inbox.count() >= 8, timeout=30), log_path.read_text()
        cluster.restart(down_for=1.5)
        restarted = time.monotonic()
        at_restart = inbox.count()
        assert at_restart < LETTERS  # the restart came in the middle of the work

        def all_delivered() -> bool:
            return _statuses(cluster) == Counter({"delivered": LETTERS})

        # Finished long before the worker's lease would have run out.
        assert _wait_for(all_delivered, timeout=40), (_statuses(cluster), log_path.read_text())
        finished_after = time.monotonic() - restarted
        assert finished_after < LEASE_SECONDS / 10, finished_after
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        finally:
            if worker.poll() is None:
                worker.kill()
    assert worker.returncode == 0, log_path.read_text()
    logged = log_path.read_text()
    # The worker really met the restart: at the recording step or between two sends.
    assert (
        "The database went away while recording a delivery" in logged
        or "Outbox loop failed" in logged
    ), logged

    outbox: list[list[Any]] = json.loads(_python(OUTBOX, env))
    letters = {mid for kind, _status, mid in outbox if kind == "letter"}
    assert len(letters) == LETTERS
    assert not [row for row in outbox if row[1] == "sending"]
    seen = Counter(inbox.message_ids)
    # No gap: every letter reached the server; nothing that is not one of our deliveries.
    assert letters <= set(seen)
    assert set(seen) <= {mid for _kind, _status, mid in outbox}
    # At most the one message in flight at the restart is repeated, with its Message-ID.
    repeats = sum(n - 1 for n in seen.values())
    assert repeats <= 1, seen.most_common(3)
