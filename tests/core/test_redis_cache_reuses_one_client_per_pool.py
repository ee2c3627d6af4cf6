"""The Redis cache keeps one client per connection pool instead of building one per access,
and still reads, writes, adds and counts as Django's own Redis cache does, from many
threads at once (against the real Redis of the PostgreSQL + Redis run)."""

from __future__ import annotations

import os
import threading

import pytest

from writeathon.core.redis_cache import ReusedClientRedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs the Redis of REDIS_URL")


@pytest.fixture
def cache() -> ReusedClientRedisCache:
    backend = ReusedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-reuse-{os.getpid()}"})
    backend.clear()
    return backend


def test_one_client_serves_every_access(cache: ReusedClientRedisCache) -> None:
    client = cache._cache  # type: ignore[attr-defined]  # Django's cached client wrapper
    first = client.get_client()
    assert client.get_client() is first
    assert client.get_client(write=True) is first  # one server: one pool, one client


def test_it_behaves_as_a_cache_from_many_threads(cache: ReusedClientRedisCache) -> None:
    cache.set("total", 41, 30)
    assert cache.get("total") == 41
    assert cache.add("total", 0, 30) is False
    cache.set("hits", 0, 30)

    def hit() -> None:
        for _ in range(50):
            cache.incr("hits")

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.get("hits") == 400
    cache.delete("total")
    assert cache.get("total") is None
