"""Background jobs for supporters.

The data-page link email is a row in the outbox (writeathon.delivery.personal), sent and
retried by the delivery workers. The task below stays only because the task queue finds a
queued task by its import path: one queued by an earlier version still runs, and queues
the email in the outbox instead of sending it.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from writeathon.delivery.personal import data_link_email_create
from writeathon.supporters.models import Supporter


@task()
def send_data_link_email(
    *, supporter_id: int, base_url: str, language: str, attempt: int = 1
) -> None:
    """Queue the data-page link email for a task queued by an earlier version (`attempt`
    is ignored: the outbox counts its own tries)."""
    with transaction.atomic():
        supporter = Supporter.objects.filter(
            pk=supporter_id, email__isnull=False, erased_at__isnull=True
        ).first()
        if supporter is None:
            return
        data_link_email_create(supporter=supporter, base_url=base_url, language=language)
