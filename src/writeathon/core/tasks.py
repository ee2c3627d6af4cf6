"""How the product hands work to the background worker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

# A task still "running" after this long had its worker killed under it.
ABANDONED_AFTER = timedelta(minutes=15)


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


def tasks_requeue_abandoned(*, older_than: timedelta = ABANDONED_AFTER) -> int:
    """Queue again the tasks whose worker died while running them; returns how many.

    Tasks are written to be safe to run twice (they re-check state before acting), so
    a task that was merely slow costs at most a repeated step, never a lost one.
    """
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - older_than
    ).update(status=TaskResultStatus.READY, started_at=None)
