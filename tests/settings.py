"""Settings for the test suite: the product's settings in test mode."""

from __future__ import annotations

import os

os.environ["WRITEATHON_MODE"] = "test"
# Tasks run as soon as the transaction that enqueued them commits; tests of the worker
# itself switch to the database backend.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from writeathon.settings import *  # noqa: F403

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
