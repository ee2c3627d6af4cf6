"""Background jobs of reporting. Each takes ids, reloads what it needs and calls a service."""

from __future__ import annotations

from django_tasks import task

from writeathon.reporting.updates import update_queue_batches


@task()
def update_queue(*, update_id: int, base_url: str) -> None:
    """Queue an update's emails in the outbox, batch by batch. Run again after a crash, it
    queues only the supporters not queued yet."""
    update_queue_batches(update_id=update_id, base_url=base_url)
