"""`writeathon demo` on a fresh folder: migrates, loads the sample, serves, repeats safely."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.conftest import WRITEATHON_COMMAND, command_env, free_port, http_get


def _start_demo(data_dir: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            WRITEATHON_COMMAND,
            "demo",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
        ],
        env=command_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # A group of its own, as a terminal gives a command: Ctrl-C reaches every process of
        # the demo (the server, its workers), and a stuck one can be ended with the rest.
        start_new_session=True,
    )


def _wait_until_up(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"demo exited early:\n{process.stdout.read() if process.stdout else ''}"
            )
        try:
            if http_get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("demo did not answer within 60 s")


def _stop(process: subprocess.Popen[str]) -> str:
    """Press Ctrl-C: SIGINT to the demo's whole process group, as a terminal sends it."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        # The server gives its web process and in-process worker up to their grace time
        # (30 s: the message in hand, the task in hand) before it ends them itself: wait for
        # that and a margin, so that a busy machine cannot fail a stop that is on time.
        output, _ = process.communicate(timeout=30 + 20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate(timeout=30)
        raise AssertionError(f"demo did not stop on SIGINT:\n{output}") from None
    with contextlib.suppress(ProcessLookupError):  # nothing of the demo may outlive it
        os.killpg(process.pid, signal.SIGKILL)
    return output


def test_demo_serves_the_sample_campaign_and_can_start_again(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    port = free_port()
    process = _start_demo(data_dir, port)
    try:
        _wait_until_up(port, process)
        status, body = http_get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert b"Write for Rights 2016" in body
        assert b"Ilham Tohti" in body
        counter = json.loads(http_get(f"http://127.0.0.1:{port}/counter.json")[1])
        assert counter["campaign"] == "write-for-rights-2016"
        assert [c["slug"] for c in counter["cases"]] == [
            "ilham-tohti",
            "shawkan",
            "annie-alfred",
            "leonard-peltier",
        ]
        status, css = http_get(f"http://127.0.0.1:{port}/static/writeathon/site.css")
        assert status == 200 and b"--accent" in css
    finally:
        first_output = _stop(process)
    assert (data_dir / "writeathon.sqlite3").exists()
    password = (data_dir / "staff-password.txt").read_text().strip()
    assert f"user: staff  password: {password}" in first_output
    assert f"/staff/mail/  (files in {data_dir / 'mail'})" in first_output
    # Mail files are served to superusers only: the printed account is one.
    with sqlite3.connect(data_dir / "writeathon.sqlite3") as database:
        row = database.execute(
            "SELECT is_staff, is_superuser FROM auth_user WHERE username = 'staff'"
        ).fetchone()
    assert row == (1, 1)

    # Second start on the same folder: same login, no duplicate sample data.
    process = _start_demo(data_dir, port)
    try:
        _wait_until_up(port, process)
        counter = json.loads(http_get(f"http://127.0.0.1:{port}/counter.json")[1])
        assert len(counter["cases"]) == 4
    finally:
        second_output = _stop(process)
    assert f"password: {password}" in second_output
