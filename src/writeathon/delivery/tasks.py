"""Background jobs of the outbox. Each takes ids, reloads what it needs and calls a service."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from writeathon.delivery.documents import print_cards_pdf, print_letters_pdf
from writeathon.delivery.models import PrintRun
from writeathon.delivery.packs import print_pack_build

logger = logging.getLogger(__name__)


@task()
def print_run_render(*, print_run_id: int) -> None:
    """Render a print run's PDF (in the worker: CJK text takes seconds to lay out)."""
    run = PrintRun.objects.select_related("case", "target").filter(pk=print_run_id).first()
    if run is None or run.status != PrintRun.Status.RENDERING:
        return
    parts = list(run.deliveries.select_related("case").order_by("created_at", "pk"))
    note = f"#{run.pk} · {run.created_at.date().isoformat()}"
    try:
        if run.kind == PrintRun.Kind.LETTERS:
            pdf = print_letters_pdf(parts, target=run.target, note=note)
        else:
            pdf = print_cards_pdf(parts, case=run.case, note=note)
    except Exception as exc:
        logger.exception("Print run %s could not be rendered", run.pk)
        PrintRun.objects.filter(pk=run.pk, status=PrintRun.Status.RENDERING).update(
            status=PrintRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return
    with transaction.atomic():
        run = PrintRun.objects.select_for_update().get(pk=run.pk)
        if run.status != PrintRun.Status.RENDERING:
            return
        if run.pdf:
            run.pdf.delete(save=False)
        run.pdf.save(f"print-run-{run.pk}.pdf", ContentFile(pdf), save=False)
        run.status = PrintRun.Status.READY
        run.error = ""
        run.save(update_fields=["pdf", "status", "error"])


@task()
def hand_in_notify_task(*, hand_in_id: int) -> None:
    """Tell the signers of a petition that it was handed in (a batch per transaction; a
    second run, or one after a kill, queues nobody twice)."""
    from writeathon.delivery.hand_ins import hand_in_notify

    hand_in_notify(hand_in_id=hand_in_id)


@task()
def print_pack_build_task(*, print_pack_id: int) -> None:
    """Build a write-a-thon print pack (seconds to minutes: every case, in one language)."""
    print_pack_build(print_pack_id=print_pack_id)
