"""How long to wait before trying again something that failed for a passing reason."""

from __future__ import annotations

import random
from datetime import timedelta


def retry_delay(attempt: int, *, first: float = 30, cap: float = 4 * 3600) -> timedelta:
    """Exponential backoff with jitter: about `first` seconds after the first failure,
    doubling each time up to `cap`, each pause spread by ±20 % so that many failures at once
    do not all come back at the same moment."""
    base = min(first * 2 ** max(attempt - 1, 0), cap)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))  # noqa: S311 - jitter only
