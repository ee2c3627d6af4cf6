"""An email backend that writes one .eml file per message, for running without a mail server."""

from __future__ import annotations

import email
import email.policy
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage as ParsedMessage
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.directory = Path(settings.MAIL_DIR)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            tmp = path.with_suffix(".tmp")
            # Mail holds personal data: readable by the site's own user only.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(message.message().as_bytes())
            tmp.replace(path)  # readers never see half a file
            sent += 1
        return sent


def mail_files_served() -> bool:
    """Whether staff pages show the mail files (to superusers): in the demo only, where they
    are the way to follow a confirmation link. Elsewhere they hold real supporters'
    confirmation and data links, which no web page may hand to anyone."""
    return settings.MODE == "demo"


@dataclass(frozen=True)
class StoredMail:
    name: str
    subject: str
    to: str
    date: str
    text: str


def _read(path: Path) -> StoredMail:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    if not isinstance(parsed, ParsedMessage):  # the default policy always makes one
        raise TypeError(path.name)
    part = parsed.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    return StoredMail(
        name=path.name,
        subject=str(parsed.get("Subject", "")),
        to=str(parsed.get("To", "")),
        date=str(parsed.get("Date", "")),
        text=str(text),
    )


def stored_mail_list(limit: int = 100) -> list[StoredMail]:
    """The newest messages written by EmlFileBackend."""
    directory = Path(settings.MAIL_DIR)
    if not directory.is_dir():
        return []
    paths = sorted(directory.glob("*.eml"), reverse=True)[:limit]
    return [_read(path) for path in paths]


def stored_mail_get(name: str) -> StoredMail | None:
    directory = Path(settings.MAIL_DIR)
    path = directory / name
    # Only plain names of files in the mail folder: no path tricks.
    if "/" in name or "\\" in name or not name.endswith(".eml") or not path.is_file():
        return None
    return _read(path)
