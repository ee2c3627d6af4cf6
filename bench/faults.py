"""Benchmark: messages sent again per fault, against a run with no fault, in the same run.

Each scenario gets a fresh database on a PostgreSQL cluster of its own (initdb into a
temporary folder with the machine's PostgreSQL 15, on a free port; the shared server is left
alone), N confirmed email letters, two `writeathon worker` processes, and an aiosmtpd server
on loopback that records the Message-ID of everything it receives. Each delivered letter
queues a notice to its writer, so 2N messages must arrive. Scenarios:

* baseline: no fault;
* kill -9: every few seconds one worker is killed with SIGKILL and started again at once;
* database restart: PostgreSQL is stopped (fast), left down 1.5 s and started again, a few
  times during the run;
* slow server: the SMTP server takes 0.25 s over each message and the lease is 5 s, so a
  batch of 20 outlasts its lease.

Resends are messages received more than once (always with the same Message-ID); the program
exits with an error if any message did not arrive.

    python bench/faults.py
    python bench/faults.py --letters 400 --only kill,restart
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.delivery.postgres_cluster import SEED_LETTERS, OwnCluster, missing  # noqa: E402

WRITEATHON = str(Path(sys.executable).parent / "writeathon")
OUTBOX = """
import django
django.setup()
from writeathon.delivery.models import Delivery
for d in Delivery.objects.all():
    print(d.message_id)
"""


class CountingServer:
    """aiosmtpd on loopback, in a thread: records each message's Message-ID."""

    def __init__(self, delay: float) -> None:
        from aiosmtpd.controller import Controller

        self.delay = delay
        self.ids: list[str] = []
        self.lock = threading.Lock()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.ids.append(str(message_from_bytes(envelope.content)["Message-ID"]))
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.ids)

    def close(self) -> None:
        self.controller.stop()


@dataclass
class Outcome:
    name: str
    events: int = 0
    received: int = 0
    expected: int = 0
    resends: int = 0
    missing: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _env(cluster: OwnCluster, data_dir: str, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "WRITEATHON_MODE", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=cluster.url,
        SECRET_KEY="bench-" + "k" * 60,
        WRITEATHON_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="writeathon.settings",
        LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def _python(code: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=REPO, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return done.stdout


def _delivered(cluster: OwnCluster) -> int:
    import psycopg

    try:
        with psycopg.connect(cluster.url, connect_timeout=2) as db:
            row = db.execute(
                "SELECT count(*) FROM delivery_delivery WHERE status = 'delivered'"
            ).fetchone()
            return int(row[0]) if row else 0
    except psycopg.OperationalError:
        return -1  # down


def _scenario(
    name: str,
    letters: int,
    *,
    delay: float,
    lease: int,
    fault: Callable[[OwnCluster, list[subprocess.Popen[bytes]], Callable[[], None]], None] | None,
    every: float,
    max_events: int,
) -> Outcome:
    outcome = Outcome(name)
    server = CountingServer(delay)
    cluster = OwnCluster()
    data_dir = tempfile.mkdtemp(prefix="writeathon-bench-")
    workers: list[subprocess.Popen[bytes]] = []
    try:
        cluster.create()
        env = _env(cluster, data_dir)
        subprocess.run([WRITEATHON, "migrate"], env=env, check=True, capture_output=True)
        _python(SEED_LETTERS, env, str(letters))
        worker_env = _env(
            cluster,
            data_dir,
            EMAIL_URL=f"smtp://127.0.0.1:{server.port}",
            DELIVERY_LEASE_SECONDS=str(lease),
            # A short claim must still outlast the longest exchange and the time spent
            # recording its result, or the workers refuse to start.
            **(
                {"EMAIL_TIMEOUT": "0.35", "DELIVERY_RECORD_RETRY_SECONDS": "0.2"}
                if lease < 60
                else {}
            ),
            DELIVERY_BATCH_SIZE="20",
            DELIVERY_POLL_SECONDS="0.1",
        )

        def start_worker() -> None:
            workers.append(
                subprocess.Popen(
                    [WRITEATHON, "worker", "--interval", "0.2"],
                    env=worker_env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )

        start_worker()
        start_worker()
        started = time.monotonic()
        expected = 2 * letters
        next_fault = started + every
        while _delivered(cluster) < expected:
            if time.monotonic() - started > 600:
                raise SystemExit(f"{name}: not finished after 10 minutes")
            if fault and outcome.events < max_events and time.monotonic() >= next_fault:
                fault(cluster, workers, start_worker)
                outcome.events += 1
                next_fault = time.monotonic() + every
            time.sleep(0.05)
        outcome.seconds = time.monotonic() - started
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(60)
        ours = set(_python(OUTBOX, env).split())
        with server.lock:
            seen = Counter(server.ids)
        outcome.expected = len(ours)
        outcome.received = sum(seen.values())
        outcome.resends = sum(n - 1 for n in seen.values())
        outcome.missing = len(ours - set(seen))
        if set(seen) - ours:
            outcome.notes.append("received messages that are not ours")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        server.close()
        cluster.destroy()
    return outcome


def _kill_one(
    cluster: OwnCluster, workers: list[subprocess.Popen[bytes]], start: Callable[[], None]
) -> None:
    alive = [w for w in workers if w.poll() is None]
    victim = alive[0]
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    start()


def _restart_database(
    cluster: OwnCluster, workers: list[subprocess.Popen[bytes]], start: Callable[[], None]
) -> None:
    cluster.restart(down_for=1.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=300)
    parser.add_argument("--only", default="baseline,kill,restart,slow")
    args = parser.parse_args()
    reason = missing()
    if reason:
        raise SystemExit(f"Needs a PostgreSQL cluster of its own: {reason}")
    chosen = set(args.only.split(","))
    n = args.letters
    plans: list[tuple[str, str, dict[str, Any]]] = [
        ("baseline", "baseline: no fault", {"delay": 0.01, "lease": 5, "fault": None}),
        (
            "kill",
            "kill -9 of a worker",
            {"delay": 0.01, "lease": 5, "fault": _kill_one, "every": 1.5, "max_events": 6},
        ),
        (
            "restart",
            "PostgreSQL restart",
            {
                "delay": 0.01,
                "lease": 300,
                "fault": _restart_database,
                "every": 3.0,
                "max_events": 3,
            },
        ),
        (
            "slow",
            "slow server (0.25 s a message, 5 s lease)",
            {"delay": 0.25, "lease": 5, "fault": None},
        ),
    ]
    results = []
    for key, name, plan in plans:
        if key not in chosen:
            continue
        plan.setdefault("every", 1.0)
        plan.setdefault("max_events", 0)
        print(f"running: {name} ...", file=sys.stderr, flush=True)
        results.append(_scenario(name, n, **plan))
    print(f"\n{n} letters and {n} notices per scenario, two workers.\n")
    print("| fault | events | messages expected | received | resends | per event | lost | s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failed = False
    for r in results:
        per = f"{r.resends / r.events:.2f}" if r.events else "—"
        print(
            f"| {r.name} | {r.events} | {r.expected} | {r.received} | {r.resends} | {per} "
            f"| {r.missing} | {r.seconds:.1f} |"
        )
        failed = failed or bool(r.missing) or bool(r.notes)
        for note in r.notes:
            print(f"  {r.name}: {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
