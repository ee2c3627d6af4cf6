"""Settings for the test suite: the product's settings in test mode."""

from __future__ import annotations

import os

os.environ["WRITEATHON_MODE"] = "test"
# Tasks run as soon as the transaction that enqueued them commits; tests of the worker
# itself switch to the database backend.
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from writeathon.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
