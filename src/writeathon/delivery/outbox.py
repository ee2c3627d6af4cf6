"""The outbox loop that every worker runs beside its task queue."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

from writeathon.delivery.services import BatchResult, delivery_claim, delivery_send_claimed

logger = logging.getLogger(__name__)


class OutboxLoop:
    """Claims a batch of due deliveries, sends it, and repeats until told to stop.

    A stop request lets the message in hand finish and gives the rest of the batch back at
    once, due now: nothing claimed is left half-done or waiting for its lease to run out.
    """

    def __init__(self, *, worker_id: str, stopping: threading.Event) -> None:
        self.worker_id = worker_id
        self.stopping = stopping

    def run_once(self) -> BatchResult | None:
        """One claim and send; None when nothing was due."""
        ids = delivery_claim(worker_id=self.worker_id)
        if not ids:
            return None
        return delivery_send_claimed(
            worker_id=self.worker_id, delivery_ids=ids, stopping=self.stopping
        )

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                result = self.run_once()
            except Exception:  # the database may be away for a while: try again later
                logger.exception("Outbox loop failed; retrying in 5 seconds")
                result = None
                self.stopping.wait(4)
            finally:
                close_old_connections()
            if result is None:
                self.stopping.wait(settings.DELIVERY_POLL_SECONDS)
