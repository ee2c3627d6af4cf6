"""Cache access that survives the cache going away.

The cache (Redis in production) only speeds things up: when it is unreachable, pages
and forms carry on from the database instead of failing, and the error is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:
        logger.warning("Cache unavailable: could not read %s", key, exc_info=True)
        return None


def cache_set(key: str, value: Any, timeout: float | None) -> None:
    """Store a value; a timeout of None keeps it until it is replaced."""
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("Cache unavailable: could not write %s", key, exc_info=True)


def cache_add(key: str, value: Any, timeout: float) -> bool:
    """Set the key only if it is absent; true when this call set it, or the cache is away."""
    try:
        return bool(cache.add(key, value, timeout))
    except Exception:
        logger.warning("Cache unavailable: could not add %s", key, exc_info=True)
        return True


def cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        logger.warning("Cache unavailable: could not delete %s", key, exc_info=True)


def cache_is_up() -> bool:
    try:
        cache.set("healthz", 1, 10)
        return bool(cache.get("healthz") == 1)
    except Exception:
        return False


def cache_incr(key: str) -> int | None:
    """Add one to a counter (atomic in Redis); None when the key is gone or the cache is
    away, so a caller that limits with it lets the request through rather than fail."""
    try:
        return int(cache.incr(key))
    except ValueError:
        return None
    except Exception:
        logger.warning("Cache unavailable: could not count %s", key, exc_info=True)
        return None
