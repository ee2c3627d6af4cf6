"""Requests counted at the same moment by several threads (as by several gunicorn workers):
exactly the limit gets through, no more, in the database and in the cache."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from writeathon.abuse.models import RateCounter
from writeathon.abuse.ratelimit import ratelimit_hit

THREADS = 6
HITS_PER_THREAD = 20
LIMIT = 50


@pytest.mark.django_db(transaction=True)
def test_exactly_the_limit_gets_through(store: str, settings: Any) -> None:
    allowed: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def requests() -> None:
        try:
            start.wait()
            for _ in range(HITS_PER_THREAD):
                result = ratelimit_hit(
                    scope="race", key="203.0.113.7", limit=LIMIT, window_seconds=3600
                )
                with lock:
                    allowed.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=requests) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(allowed) == THREADS * HITS_PER_THREAD
    assert allowed.count(True) == LIMIT
    if store == "database":
        # One row per window, however many threads created it at once.
        assert RateCounter.objects.get().count == THREADS * HITS_PER_THREAD
