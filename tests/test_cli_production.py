"""`writeathon serve` and `writeathon worker` as an operator runs them in production mode."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import WRITEATHON_COMMAND, command_env, free_port, http_get

GOOD_KEY = "k7Qp2vXw9LmZr4Tn8Hs3Jd6Fg1Bc5Ny0Ue7Ia2Ok9Pl4Mq8Rt-Zx3Wv6Yb"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = command_env(
        WRITEATHON_MODE="production",
        WRITEATHON_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def test_commands_refuse_to_start_without_a_real_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [WRITEATHON_COMMAND, "migrate"],
        env=_production_env(tmp_path, SECRET_KEY="changeme"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "configuration error: SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_runs_with_compressed_static_files_and_stops_on_sigterm(tmp_path: Path) -> None:
    # Plain HTTP on loopback, as behind a TLS proxy that redirects to HTTPS itself.
    env = _production_env(tmp_path, SECRET_KEY=GOOD_KEY, SECURE_SSL_REDIRECT="false")
    subprocess.run(
        [WRITEATHON_COMMAND, "migrate"], env=env, check=True, capture_output=True, timeout=120
    )
    port = free_port()
    server = subprocess.Popen(
        [
            WRITEATHON_COMMAND,
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _body = http_get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.2)
        assert status == 200
        status, page = http_get(f"http://127.0.0.1:{port}/")
        assert status == 200  # no campaign yet: a friendly page, not an error
        assert b"No campaign yet" in page
        # Static files were collected with content hashes, and are served compressed.
        css = next((tmp_path / "static" / "writeathon").glob("site.*.css"))
        assert (css.parent / (css.name + ".gz")).exists()
        assert f"/static/writeathon/{css.name}".encode() in page
        assert http_get(f"http://127.0.0.1:{port}/static/writeathon/{css.name}")[0] == 200
        # The error page (500.html) links the stylesheet by its plain name.
        assert http_get(f"http://127.0.0.1:{port}/static/writeathon/site.css")[0] == 200
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output


def test_worker_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    env = _production_env(tmp_path, SECRET_KEY=GOOD_KEY)
    subprocess.run(
        [WRITEATHON_COMMAND, "migrate"], env=env, check=True, capture_output=True, timeout=120
    )
    worker = subprocess.Popen(
        [WRITEATHON_COMMAND, "worker", "--interval", "0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert worker.stdout is not None
    first_lines = [worker.stdout.readline() for _ in range(4)]
    # Without a mail server, Redis or the site's address it says so before it starts.
    assert "warning: EMAIL_URL is not set" in first_lines[0]
    assert "warning: REDIS_URL is not set" in first_lines[1]
    assert "warning: WRITEATHON_SITE_URL is not set" in first_lines[2]
    assert "worker running" in first_lines[3]
    time.sleep(0.5)
    worker.send_signal(signal.SIGTERM)
    output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output
    assert "finishing the task and the delivery in hand, giving the rest back" in output
