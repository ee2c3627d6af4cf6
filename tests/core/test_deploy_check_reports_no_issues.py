"""`writeathon manage check --deploy` with a complete production configuration: no issue."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import WRITEATHON_COMMAND, command_env

GOOD_KEY = "k7Qp2vXw9LmZr4Tn8Hs3Jd6Fg1Bc5Ny0Ue7Ia2Ok9Pl4Mq8Rt-Zx3Wv6Yb"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = command_env(
        WRITEATHON_MODE="production",
        WRITEATHON_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="write.example.org",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.org:587",
        REDIS_URL="redis://127.0.0.1:6379/15",
        WRITEATHON_SITE_URL="https://write.example.org",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    env.update(extra)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WRITEATHON_COMMAND, "manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_complete_production_configuration_passes_every_deploy_check(tmp_path: Path) -> None:
    result = _run(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_turning_a_protection_off_is_reported(tmp_path: Path) -> None:
    env = _production_env(
        tmp_path, SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false"
    )
    result = _run(env, "check", "--deploy")
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr, check


def test_production_defaults_for_https_cookies_and_staff(tmp_path: Path) -> None:
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.STAFF_REQUIRE_2FA)"
    )
    result = _run(_production_env(tmp_path), "shell", "--no-imports", "-c", script)
    assert result.stdout.split() == [
        "31536000", "True", "True", "True", "True", "True", "True", "Lax", "True"
    ], result.stderr  # fmt: skip

    behind_proxy = _production_env(
        tmp_path, SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="false", STAFF_REQUIRE_2FA="false"
    )
    result = _run(behind_proxy, "shell", "--no-imports", "-c", script)
    assert result.stdout.split()[:3] == ["0", "True", "False"], result.stderr
    assert result.stdout.split()[-1] == "False"


def test_missing_services_and_site_url_are_reported(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    for name in ("EMAIL_URL", "REDIS_URL", "WRITEATHON_SITE_URL"):
        env.pop(name)
    result = _run(env, "check", "--deploy")
    for check in ("writeathon.W001", "writeathon.W002", "writeathon.W003"):
        assert check in result.stderr, check
