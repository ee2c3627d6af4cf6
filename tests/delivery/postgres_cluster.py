"""A PostgreSQL cluster of a test's own, in a temporary folder on a free port.

Built with the machine's PostgreSQL 15 binaries, run as the ``postgres`` user when the tests
run as root (PostgreSQL refuses to run as root), and never touching the shared server on
5432. `missing()` says why the machine cannot have one, for a clear skip.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("WRITEATHON_PG_BIN", "/usr/lib/postgresql/15/bin"))
OS_USER = "postgres"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def missing() -> str:
    """Why no cluster can be made here ("" when one can)."""
    for tool in ("initdb", "pg_ctl"):
        if not (PG_BIN / tool).is_file():
            return f"PostgreSQL 15 binaries not found in {PG_BIN} ({tool})"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(OS_USER)
        except KeyError:
            return f"running as root and there is no {OS_USER!r} user to run PostgreSQL"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return ""


class OwnCluster:
    """initdb, start, stop and restart one throwaway cluster; `url` reaches its database."""

    def __init__(self, *, database: str = "writeathon") -> None:
        self.root = Path(tempfile.mkdtemp(prefix="writeathon-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = _free_port()
        self.database = database
        if os.geteuid() == 0:
            entry = pwd.getpwnam(OS_USER)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *command: str, timeout: float = 60) -> None:
        argv = [str(PG_BIN / command[0]), *command[1:]]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", OS_USER, "--", *argv]
        subprocess.run(
            argv, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def create(self) -> None:
        self._run(
            *("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            *("--no-sync", "--no-instructions"),
        )
        self.start()
        self._run(
            *("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"),
            self.database,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, *, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, *, down_for: float = 1.0) -> None:
        """Stop (closing every connection), stay down `down_for` seconds, start again."""
        self.stop()
        time.sleep(down_for)
        self.start()

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):  # not running
            self.stop(mode="immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# A `python -c` script run against a cluster's database: the sample campaign and argv[1]
# confirmed email letters, each queued in the outbox.
SEED_LETTERS = """
import sys
import django
django.setup()
from tests.delivery.outbox import confirmed_action
from writeathon.campaigns.services import sample_campaign_load
case = sample_campaign_load().cases.get(slug="shawkan")
for i in range(int(sys.argv[1])):
    confirmed_action(case, email=f"writer{i}@example.net")
"""
