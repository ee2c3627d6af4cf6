"""A claim must outlast the longest exchange with a mail server or gateway, or a second worker
would take a message still being sent and send it again: `writeathon worker` and `serve`
refuse such a configuration with one sentence, and `check --deploy` reports it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import WRITEATHON_COMMAND, command_env
from writeathon.delivery.timing import delivery_timing_problem

GOOD_KEY = "k7Qp2vXw9LmZr4Tn8Hs3Jd6Fg1Bc5Ny0Ue7Ia2Ok9Pl4Mq8Rt-Zx3Wv6Yb"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = command_env(
        WRITEATHON_MODE="production",
        WRITEATHON_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="write.example.org",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587",
        WRITEATHON_SITE_URL="https://write.example.org",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WRITEATHON_COMMAND, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,  # a configuration refused ends at once; a worker that starts would not
        check=False,
    )


def test_worker_and_serve_refuse_a_lease_shorter_than_a_slow_smtp_exchange(
    tmp_path: Path,
) -> None:
    env = _production_env(tmp_path, DELIVERY_LEASE_SECONDS="120", EMAIL_TIMEOUT="20")
    for command in (["worker"], ["serve", "--bind", "127.0.0.1:0", "--workers", "1"]):
        result = _run(env, *command)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        [line] = [x for x in result.stderr.splitlines() if "configuration error" in x]
        assert "DELIVERY_LEASE_SECONDS (120)" in line
        assert "EMAIL_TIMEOUT" in line


def test_a_slow_gateway_needs_a_longer_lease(tmp_path: Path) -> None:
    env = _production_env(
        tmp_path,
        FAX_GATEWAY_URL="https://fax.example.org/v1/faxes",
        GATEWAY_TIMEOUT_SECONDS="100",
    )
    result = _run(env, "worker")
    assert result.returncode == 2
    assert "GATEWAY_TIMEOUT_SECONDS" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_reports_the_lease_that_does_not_fit(tmp_path: Path) -> None:
    env = _production_env(tmp_path, DELIVERY_LEASE_SECONDS="120")
    result = _run(env, "manage", "check", "--deploy")
    assert result.returncode != 0
    assert "writeathon.delivery.E001" in result.stderr
    assert "DELIVERY_LEASE_SECONDS (120)" in result.stderr


def test_the_defaults_fit_with_starttls_and_a_login(tmp_path: Path) -> None:
    result = _run(_production_env(tmp_path), "manage", "check", "--deploy", "--tag", "delivery")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "writeathon.delivery.E001" not in result.stderr


def test_the_longest_exchange_counts_every_smtp_wait_the_configuration_adds(
    settings: Any,
) -> None:
    settings.EMAIL_TIMEOUT = 10
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.FAX_GATEWAY_URL = ""
    settings.SMS_GATEWAY_URL = ""
    settings.DELIVERY_RECORD_RETRY_SECONDS = 0
    # Connect, greeting, EHLO; MAIL, RCPT, DATA, the message, its answer; again for a copy.
    settings.DELIVERY_LEASE_SECONDS = 130
    assert delivery_timing_problem() is None
    settings.DELIVERY_LEASE_SECONDS = 129
    assert "130 seconds" in str(delivery_timing_problem())
    # STARTTLS (command, handshake, EHLO again) and a login (two round trips).
    settings.EMAIL_USE_TLS = True
    settings.EMAIL_HOST_USER = "mailer"
    settings.DELIVERY_LEASE_SECONDS = 179
    assert "180 seconds" in str(delivery_timing_problem())
    # A worker that keeps trying to record a result while the database is away holds the
    # claim that much longer.
    settings.DELIVERY_LEASE_SECONDS = 180
    assert delivery_timing_problem() is None
    settings.DELIVERY_RECORD_RETRY_SECONDS = 30
    assert "210 seconds" in str(delivery_timing_problem())
    settings.DELIVERY_LEASE_SECONDS = 210
    assert delivery_timing_problem() is None
    settings.EMAIL_TIMEOUT = 0
    assert "EMAIL_TIMEOUT must be more than 0" in str(delivery_timing_problem())
