"""The world the hostile replay runs in: the sample campaign, limits lifted, files in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.delivery.gateways import SMS_WEBHOOK_SECRET
from tests.hostile.targets import World
from writeathon.campaigns.models import Case


@pytest.fixture
def world(case: Case, settings: Any, tmp_path: Path) -> World:
    # Thousands of requests from one address and a few email addresses: limits lifted.
    settings.RATE_LIMIT_FORM_PER_IP = ()
    settings.RATE_LIMIT_FORM_PER_EMAIL = ()
    settings.RATE_LIMIT_SMS_PER_NUMBER = ()
    settings.SMS_WEBHOOK_SECRET = SMS_WEBHOOK_SECRET
    # A private cache: the replay clears it before every request, and must not flush a Redis
    # database that another test run is using.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hostile-replay",
        }
    }
    # So that the hostile X-Forwarded-For headers are read.
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.MAIL_DIR = tmp_path / "mail"
    # The demo, whose superuser reads the mail files on the staff pages.
    settings.MODE = "demo"
    settings.MEDIA_ROOT = tmp_path / "media"
    world = World(case, tmp_path)
    world.mail_file()
    world.media_file()
    return world
