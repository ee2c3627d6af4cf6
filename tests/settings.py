"""Settings for the test suite: the product's settings in test mode."""

from __future__ import annotations

import os

os.environ["WRITEATHON_MODE"] = "test"
# Tasks run as soon as the transaction that enqueued them commits; tests of the worker
# itself switch to the database backend.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from writeathon.settings import *  # noqa: F403
from writeathon.settings import REDIS_URL as _GIVEN_REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory default: in-memory SQLite shared between threads (the live
    # server, the worker) fails at once with "table is locked" instead of waiting its turn.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"writeathon-test-{os.getpid()}.sqlite3")
    }
else:
    # One test database per run, so that suites started at the same time on one server
    # (two developers, two CI jobs) do not drop each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_writeathon_{os.getpid()}"}  # noqa: F405

# Tests run in parallel (pytest-xdist): each worker has its own test database (pytest-django
# adds "_gw0", "_gw1", ... to the name) and needs its own Redis database too, since a test
# empties the cache it is given (FLUSHDB) and must not empty another worker's. Worker N
# takes the database N below the one REDIS_URL names (15, 14, ... for the usual /15).
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _GIVEN_REDIS_URL and _worker:
    from urllib.parse import urlsplit

    _url = urlsplit(_GIVEN_REDIS_URL)
    _index = int(_worker.removeprefix("gw"))
    _database = int(_url.path.strip("/") or 0) - _index
    if _database < 0:
        raise RuntimeError(
            f"Test worker {_worker} has no Redis database of its own below {_GIVEN_REDIS_URL}: "
            "name a higher database number in REDIS_URL or run fewer workers (-n)."
        )
    REDIS_URL = _url._replace(path=f"/{_database}").geturl()
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405

# Tests read pages right after changing what they show (a count, a window, a clock moved on):
# whole-page caching is off, except in the tests of the cache itself
# (tests/campaigns/test_public_pages_are_cached_whole_with_each_visitors_tokens.py).
PAGE_CACHE_SECONDS = 0
