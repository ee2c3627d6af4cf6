"""Fixed-window counters: a limit per window, a fresh count in the next window, several
windows at once, and keys that never hold the address in clear, in the database and in the
cache alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.abuse.conftest import VISITOR_IP, cache_keys
from writeathon.abuse.models import RateCounter
from writeathon.abuse.ratelimit import Rate, key_hash, ratelimit_check, ratelimit_hit

pytestmark = pytest.mark.django_db

# In the middle of an hour, so that a minute's windows and the hour's are easy to reason on.
START = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)


def test_within_the_limit_then_refused_until_the_window_ends(store: str) -> None:
    with time_machine.travel(START, tick=False) as clock:
        allowed = [
            ratelimit_hit(scope="test", key=VISITOR_IP, limit=3, window_seconds=60)
            for _ in range(5)
        ]
        assert allowed == [True, True, True, False, False]
        clock.shift(timedelta(seconds=59))
        assert not ratelimit_hit(scope="test", key=VISITOR_IP, limit=3, window_seconds=60)
        clock.shift(timedelta(seconds=1))  # the next minute: a fresh window
        assert ratelimit_hit(scope="test", key=VISITOR_IP, limit=3, window_seconds=60)


def test_keys_and_scopes_count_apart(store: str) -> None:
    with time_machine.travel(START, tick=False):
        assert ratelimit_hit(scope="test", key="a", limit=1, window_seconds=60)
        assert not ratelimit_hit(scope="test", key="a", limit=1, window_seconds=60)
        assert ratelimit_hit(scope="test", key="b", limit=1, window_seconds=60)
        assert ratelimit_hit(scope="other", key="a", limit=1, window_seconds=60)


def test_the_longest_refusing_window_says_how_long_to_wait(store: str) -> None:
    rates = [Rate(limit=2, window_seconds=60), Rate(limit=3, window_seconds=3600)]
    with time_machine.travel(START, tick=False) as clock:
        assert ratelimit_check(scope="test", key=VISITOR_IP, rates=rates) is None
        assert ratelimit_check(scope="test", key=VISITOR_IP, rates=rates) is None
        # Over the minute's limit: wait for the minute to end (30 s from 10:30:30).
        clock.shift(timedelta(seconds=30))
        assert ratelimit_check(scope="test", key=VISITOR_IP, rates=rates) == 30
        # A new minute, but the hour's limit (3) is spent: wait until 11:00.
        clock.shift(timedelta(seconds=30))
        assert ratelimit_check(scope="test", key=VISITOR_IP, rates=rates) == 29 * 60
        clock.move_to(datetime(2030, 11, 20, 11, 0, 0, tzinfo=UTC))
        assert ratelimit_check(scope="test", key=VISITOR_IP, rates=rates) is None


def test_no_rates_means_no_limit(store: str) -> None:
    assert all(ratelimit_check(scope="test", key="a", rates=[]) is None for _ in range(50))


def test_the_address_is_never_stored_in_clear(store: str) -> None:
    with time_machine.travel(START, tick=False):
        ratelimit_hit(scope="post-ip", key=VISITOR_IP, limit=5, window_seconds=60)
    if store == "database":
        counter = RateCounter.objects.get()
        assert counter.key == key_hash(VISITOR_IP)
        assert VISITOR_IP not in f"{counter.scope} {counter.key}"
        assert counter.window_start == START.replace(second=0)
        assert counter.count == 1
    else:
        assert RateCounter.objects.count() == 0
        keys = [key for key in cache_keys() if "abuse:rl" in key]
        assert len(keys) == 1
        assert key_hash(VISITOR_IP) in keys[0]
        assert VISITOR_IP not in keys[0]
