"""Fixtures of the staff outbox tests: named actors and a private folder for print runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.delivery.staff import signed_in, staff_user


@pytest.fixture
def outbox_staff(db: Any) -> Client:
    """Staff who look after the outbox: they see it and act on it."""
    return signed_in(staff_user("outbox-staff"))


@pytest.fixture
def outbox_reader(db: Any) -> Client:
    """Staff who may look at the outbox but not change it."""
    return signed_in(staff_user("outbox-reader", permissions=("view",)))


@pytest.fixture
def other_staff(db: Any) -> Client:
    """Staff of another section: admin access, no permission on deliveries."""
    return signed_in(staff_user("events-staff", permissions=()))


@pytest.fixture
def supporter_account(db: Any) -> Client:
    """A signed-in user who is not staff."""
    user = get_user_model().objects.create_user(username="reader", password="pw-123456789")
    return signed_in(user)


@pytest.fixture
def private_files(settings: Any) -> Path:
    """The folder of this test's private files (print runs), set by the root conftest."""
    return Path(settings.PRIVATE_FILES_DIR)


# Gateways on loopback for the fax and SMS channels, and a private outbox folder.
from tests.delivery.gateways import (  # noqa: E402, F401
    fax_gateway,
    outbox_dir,
    sms_gateway,
    sms_webhook,
)

# A slow mail server on loopback, for the worker crash and stop tests.
from tests.delivery.outbox import slow_inbox  # noqa: E402, F401

# A mail server on loopback that refuses every message, for the refused-confirmation counts.
from tests.delivery.refusals import refusing_mail_server  # noqa: E402, F401
