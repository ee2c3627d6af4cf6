"""Fixed-window rate limits, counted in Redis or in the database.

Each limit is a number of requests per window (60 a minute); windows start at multiples of
their length since the epoch, so every process agrees on them without talking. Where the
counters live is ``RATE_LIMIT_STORE``:

* ``cache`` (the default with ``REDIS_URL``): ``cache.add`` then ``cache.incr``, both atomic
  in Redis, each key expiring with its window.
* ``database`` (the embedded default): a ``RateCounter`` row per window. One statement
  counts every window of a request: ``INSERT ... ON CONFLICT DO UPDATE SET count = count + 1
  RETURNING count`` (SQLite 3.35+, PostgreSQL); elsewhere an ``UPDATE`` of ``count + 1``,
  with an ``INSERT`` on a miss. LocMemCache would not do: each gunicorn process has its own,
  and the limit would be multiplied by the number of processes.

When Redis is unreachable the counters fall back to the database, with a logged warning:
a limit that silently stops working during an outage is what a flood would wait for.

Keys are keyed hashes (HMAC with SECRET_KEY) of the address or number: neither the cache
nor the table holds them in clear.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.crypto import salted_hmac

from writeathon.abuse.models import RateCounter
from writeathon.core.counters import counter_add

logger = logging.getLogger(__name__)

_KEY_SALT = "writeathon.abuse.ratelimit"


@dataclass(frozen=True)
class Rate:
    """At most `limit` requests in each window of `window_seconds`."""

    limit: int
    window_seconds: int


def rates_of(pairs: Sequence[tuple[int, int]]) -> tuple[Rate, ...]:
    """Rates from a setting's (limit, window seconds) pairs."""
    return tuple(Rate(limit=limit, window_seconds=window) for limit, window in pairs)


def key_hash(value: str) -> str:
    """What stands for an address or number in counters: not reversible without SECRET_KEY."""
    return salted_hmac(_KEY_SALT, value, algorithm="sha256").hexdigest()[:32]


def ratelimit_hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request for `key` in `scope`; true when it is within the limit (allowed)."""
    rate = Rate(limit=limit, window_seconds=window_seconds)
    return ratelimit_check(scope=scope, key=key, rates=[rate]) is None


def ratelimit_check(*, scope: str, key: str, rates: Sequence[Rate]) -> int | None:
    """Count one request for `key` against each of `rates`.

    None when every rate allows it; else the seconds until the refusing window ends (for a
    Retry-After header). A refused request counts too: a flood does not get a free pass
    by being refused.
    """
    if not rates:
        return None
    now = time.time()
    hashed = key_hash(key)
    # One counter per window length, whatever the number of rates that share it.
    lengths = sorted({rate.window_seconds for rate in rates})
    windows = [(length, int(now // length) * length) for length in lengths]
    counts: list[int] | None = None
    if settings.RATE_LIMIT_STORE == "cache":
        counts = _cache_counts(scope, hashed, windows, now)
    if counts is None:
        counts = _database_counts(scope, hashed, windows)
    by_length = {
        length: (start, count) for (length, start), count in zip(windows, counts, strict=True)
    }
    waits = [
        math.ceil(by_length[rate.window_seconds][0] + rate.window_seconds - now)
        for rate in rates
        if by_length[rate.window_seconds][1] > rate.limit
    ]
    return max(1, *waits) if waits else None


def _cache_counts(
    scope: str, hashed: str, windows: list[tuple[int, int]], now: float
) -> list[int] | None:
    try:
        counts = []
        for length, start in windows:
            key = f"abuse:rl:{scope}:{length}:{hashed}:{start}"
            # Expires when its window ends (a second late, for clocks that disagree).
            ttl = max(1, math.ceil(start + length - now) + 1)
            counts.append(_cache_increment(key, ttl))
        return counts
    except Exception:
        logger.warning(
            "Cache unavailable: rate limit %s counted in the database instead", scope, exc_info=True
        )
        return None


def _cache_increment(key: str, ttl: int) -> int:
    if cache.add(key, 1, ttl):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:
        # The key expired between add and incr: this is the first request of a new window.
        cache.add(key, 1, ttl)
        return 1


def _database_counts(scope: str, hashed: str, windows: list[tuple[int, int]]) -> list[int]:
    # Two windows of different lengths can start at the same second: the length is in the scope.
    slots = [
        (f"{scope}/{length}", datetime.fromtimestamp(start, tz=UTC)) for length, start in windows
    ]
    if _can_upsert():
        return _upsert_counts(hashed, slots)
    return _update_counts(hashed, slots)


def _can_upsert() -> bool:
    features = connection.features
    return bool(
        features.supports_update_conflicts_with_target and features.can_return_columns_from_insert
    )


def _upsert_counts(hashed: str, slots: list[tuple[str, datetime]]) -> list[int]:
    """Every window counted in one statement, which also says the counts."""
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    scope, key, start, count = (quote(name) for name in ("scope", "key", "window_start", "count"))
    rows = ", ".join(["(%s, %s, %s, 1)"] * len(slots))
    params: list[Any] = []
    for slot_scope, slot_start in slots:
        params += [slot_scope, hashed, connection.ops.adapt_datetimefield_value(slot_start)]
    sql = (
        f"INSERT INTO {table} ({scope}, {key}, {start}, {count}) VALUES {rows} "  # noqa: S608 - names quoted, values bound
        f"ON CONFLICT ({scope}, {key}, {start}) DO UPDATE SET {count} = {table}.{count} + 1 "
        f"RETURNING {scope}, {count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = dict(cursor.fetchall())
    return [int(found[slot_scope]) for slot_scope, _start in slots]


@transaction.atomic  # each row stays locked until its count is read: each reads its own
def _update_counts(hashed: str, slots: list[tuple[str, datetime]]) -> list[int]:
    """Without INSERT ... ON CONFLICT ... RETURNING: per window an UPDATE, an INSERT on the
    window's first request (an UPDATE again if another process inserted first), a SELECT."""
    counts = []
    for slot_scope, slot_start in slots:
        window = {"scope": slot_scope, "key": hashed, "window_start": slot_start}
        if counter_add(RateCounter, key=window, amounts={"count": 1}):
            counts.append(1)
            continue
        counts.append(RateCounter.objects.filter(**window).values_list("count", flat=True).get())
    return counts
