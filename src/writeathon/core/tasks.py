"""How the product hands work to the background worker."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks_db.backend import DatabaseBackend


def enqueue_with_transaction(task: Any, **kwargs: Any) -> None:
    """Enqueue a task so that it exists if and only if the caller's transaction commits.

    With the database task backend the task row is written in the caller's transaction,
    so a crash between commit and enqueue cannot lose it. Other backends (the immediate
    one in tests) enqueue after commit, so the task never sees uncommitted rows.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))
