"""In production mode the settings refuse to load without a real SECRET_KEY."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def _import_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "SECRET_KEY_FILE", "DJANGO_SETTINGS_MODULE"}
    }
    clean |= {
        "WRITEATHON_MODE": "production",
        "WRITEATHON_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(SRC),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", "import writeathon.settings"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "secret_env",
    [
        {},
        {"SECRET_KEY": ""},
        {"SECRET_KEY": "short"},
        {"SECRET_KEY": "k" * 49},
        {"SECRET_KEY": "insecure-" + "k" * 60},
        {"SECRET_KEY": "changeme" * 8},
    ],
    ids=["unset", "empty", "short", "49-characters", "insecure", "changeme"],
)
def test_production_refuses_to_start(tmp_path: Path, secret_env: dict[str, str]) -> None:
    result = _import_settings(tmp_path, **secret_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_key(tmp_path: Path) -> None:
    result = _import_settings(tmp_path, SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr


def test_production_reads_the_key_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50))
    result = _import_settings(tmp_path, SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
