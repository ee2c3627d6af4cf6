"""A real SMTP server (aiosmtpd) on loopback, with Django's email pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller
from django.test import override_settings


@contextmanager
def loopback_smtp(handler: Any, port: int | None = None) -> Iterator[int]:
    """Serve `handler` (aiosmtpd hooks such as handle_RCPT, handle_DATA) on 127.0.0.1 (on
    `port`, else a free one) while Django sends its email there, in plain SMTP without a
    login; yields the port."""
    from tests.conftest import free_port

    port = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield port
    finally:
        controller.stop()
