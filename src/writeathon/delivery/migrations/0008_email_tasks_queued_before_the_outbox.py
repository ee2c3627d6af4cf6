"""Confirmation and data-page link emails queued as tasks by a version before the outbox
(`writeathon.actions.tasks.send_confirmation_email`, `writeathon.supporters.tasks.
send_data_link_email`) become outbox rows, as the current code would have queued them; the
tasks are then marked done, since the modules they named are gone.

Run it with the old workers stopped (as every upgrade is run): a task queued by an old web
process after it would name a module that no longer exists, fail, and be listed as failed
in the task admin; the supporter asks for the link again.
"""

from django.db import IntegrityError, migrations, transaction
from django.utils import timezone

CONFIRMATION_TASK = "writeathon.actions.tasks.send_confirmation_email"
DATA_LINK_TASK = "writeathon.supporters.tasks.send_data_link_email"


def _queue(Delivery, *, key, kind, recipient, payload, action=None, now):
    number = Delivery.objects.filter(idempotency_key__startswith=f"{key}:").count() + 1
    try:
        with transaction.atomic():
            Delivery.objects.create(
                idempotency_key=f"{key}:{number}",
                kind=kind,
                channel="email",
                campaign_id=action.campaign_id if action else None,
                case_id=action.case_id if action else None,
                action=action,
                recipient=recipient,
                payload=payload,
                status="queued",
                next_try_at=now,
            )
    except IntegrityError:
        pass


def _kwargs(task):
    args_kwargs = task.args_kwargs if isinstance(task.args_kwargs, dict) else {}
    kwargs = args_kwargs.get("kwargs")
    return kwargs if isinstance(kwargs, dict) else {}


def tasks_to_outbox(apps, schema_editor):
    TaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    Delivery = apps.get_model("delivery", "Delivery")
    Action = apps.get_model("actions", "Action")
    Supporter = apps.get_model("supporters", "Supporter")
    now = timezone.now()
    pending = TaskResult.objects.filter(
        status="READY", task_path__in=[CONFIRMATION_TASK, DATA_LINK_TASK]
    ).order_by("enqueued_at")
    for task in pending:
        kwargs = _kwargs(task)
        base_url = str(kwargs.get("base_url") or "")
        if task.task_path == CONFIRMATION_TASK:
            action = (
                Action.objects.select_related("supporter")
                .filter(pk=kwargs.get("action_id"), status="pending")
                .first()
            )
            supporter = action.supporter if action is not None else None
            if supporter is not None and supporter.email:
                _queue(
                    Delivery,
                    key=f"confirmation:{supporter.pk}",
                    kind="confirmation",
                    recipient=supporter.email,
                    payload={
                        "base_url": base_url,
                        "language": action.language or supporter.language,
                    },
                    action=action,
                    now=now,
                )
        else:
            supporter = Supporter.objects.filter(
                pk=kwargs.get("supporter_id"), email__isnull=False, erased_at__isnull=True
            ).first()
            if supporter is not None and supporter.email:
                _queue(
                    Delivery,
                    key=f"data-link:{supporter.pk}",
                    kind="data_link",
                    recipient=supporter.email,
                    payload={
                        "base_url": base_url,
                        "language": str(kwargs.get("language") or supporter.language),
                        "supporter_id": supporter.pk,
                        # The link expires counting from when it was asked for.
                        "requested_at": task.enqueued_at.isoformat(),
                    },
                    now=now,
                )
        TaskResult.objects.filter(pk=task.pk, status="READY").update(
            status="SUCCESSFUL", finished_at=now
        )


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0007_composed_emails"),
        ("actions", "0006_count_reports"),
        ("supporters", "0008_merge_confirmation_nonce_and_parsed_canonical"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    # Going back leaves the outbox rows: they are sent either way.
    operations = [migrations.RunPython(tasks_to_outbox, migrations.RunPython.noop)]
