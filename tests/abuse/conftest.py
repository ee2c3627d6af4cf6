"""Actors and settings for the abuse-resistance tests.

Named actors: an anonymous visitor on one address, the pupils of a school's computer room
who all share the school's address, and staff with and without the permissions of the
abuse pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client

from tests.factories import StaffUserFactory
from writeathon.sections.services import staff_membership_set

VISITOR_IP = "203.0.113.7"
SCHOOL_IP = "198.51.100.20"
SCHOOL_NETWORK = "198.51.100.0/24"

# "database-update": the path for databases without INSERT ... ON CONFLICT ... RETURNING.
STORES = ["database", "database-update", "cache"]


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, settings: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with the counters in the database (with one upsert, and with UPDATE
    then INSERT) and in the cache (Redis when the run has REDIS_URL, LocMemCache otherwise)."""
    name = str(request.param)
    settings.RATE_LIMIT_STORE = name.split("-")[0]
    if name == "database-update":
        monkeypatch.setattr("writeathon.abuse.ratelimit._can_upsert", lambda: False)
        monkeypatch.setattr("writeathon.abuse.services._can_upsert", lambda: False)
    return settings.RATE_LIMIT_STORE


@pytest.fixture
def visitor() -> Client:
    """An anonymous visitor, alone on their address."""
    return Client(REMOTE_ADDR=VISITOR_IP)


@pytest.fixture
def pupil() -> Callable[[], Client]:
    """A new pupil's browser in the school's computer room: every one has the school's address."""
    return lambda: Client(REMOTE_ADDR=SCHOOL_IP)


def staff_client(*permissions: str) -> Client:
    """A signed-in member of the international staff holding `permissions`
    ("abuse.view_traffichour", ...): traffic and rules belong to no one section."""
    user = StaffUserFactory()
    staff_membership_set(user=user, is_international=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client


def cache_keys() -> list[str]:
    """Every key in the cache, from LocMemCache or Redis, as stored (with any prefix)."""
    backend = django_settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [str(key) for key in cache._cache]  # type: ignore[attr-defined]
    client = cache._cache.get_client()  # type: ignore[attr-defined]
    return [key.decode() for key in client.keys("*")]
