"""Mail kept as files holds personal data: only the site's own user can read it."""

from __future__ import annotations

import stat
from pathlib import Path

from django.core.mail import EmailMessage
from django.test import override_settings


def test_each_message_is_one_private_eml_file(tmp_path: Path) -> None:
    with override_settings(
        EMAIL_BACKEND="writeathon.core.mail.EmlFileBackend", MAIL_DIR=tmp_path / "mail"
    ):
        sent = EmailMessage("Subject", "Body", to=["a@example.net"]).send()
    assert sent == 1
    [path] = (tmp_path / "mail").iterdir()
    assert path.suffix == ".eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"To: a@example.net" in path.read_bytes()
