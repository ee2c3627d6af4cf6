"""Background jobs for actions.

The confirmation email is a row in the outbox (writeathon.delivery.personal), sent and
retried by the delivery workers. The task below stays only because the task queue finds a
queued task by its import path: one queued by an earlier version still runs, and queues
the email in the outbox instead of sending it.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from writeathon.actions.models import Action
from writeathon.delivery.personal import confirmation_email_create


@task()
def send_confirmation_email(*, action_id: int, base_url: str, attempt: int = 1) -> None:
    """Queue the confirmation email for a task queued by an earlier version (`attempt`
    is ignored: the outbox counts its own tries)."""
    with transaction.atomic():
        action = (
            Action.objects.select_related("supporter")
            .filter(pk=action_id, status=Action.Status.PENDING)
            .first()
        )
        if action is None:
            return
        confirmation_email_create(action=action, base_url=base_url)
