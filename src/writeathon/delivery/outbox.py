"""The outbox loop that every worker runs beside its task queue."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

from writeathon.delivery.services import (
    BatchResult,
    DeliveryNotRecorded,
    deliveries_release,
    delivery_claim,
    delivery_record_sent,
    delivery_send_claimed,
)

logger = logging.getLogger(__name__)


class OutboxLoop:
    """Claims a batch of due deliveries, sends it, and repeats until told to stop.

    A stop request lets the message in hand finish and gives the rest of the batch back at
    once, due now: nothing claimed is left half-done or waiting for its lease to run out.

    A batch cut short by the database going away leaves this worker holding rows, and
    perhaps a message the channel took that is not yet recorded. The next pass, as soon as
    the database answers, records that message (it is not sent again) and gives the rows
    back, so that none waits for its lease to run out.
    """

    def __init__(self, *, worker_id: str, stopping: threading.Event) -> None:
        self.worker_id = worker_id
        self.stopping = stopping
        self.unrecorded: list[DeliveryNotRecorded] = []
        self.holding = False

    def recover(self) -> None:
        """Record what was sent but not recorded, then give back the rows still held."""
        while self.unrecorded:
            sent = self.unrecorded[0]
            delivery_record_sent(
                delivery_id=sent.delivery_id,
                worker_id=sent.worker_id,
                started=sent.started,
                provider_id=sent.provider_id,
            )
            self.unrecorded.pop(0)
        if self.holding:
            released = deliveries_release(worker_id=self.worker_id)
            if released:
                logger.warning("Gave back %s deliveries of a batch cut short", released)
            self.holding = False

    def run_once(self) -> BatchResult | None:
        """One claim and send; None when nothing was due."""
        self.recover()
        ids = delivery_claim(worker_id=self.worker_id)
        if not ids:
            return None
        self.holding = True
        try:
            result = delivery_send_claimed(
                worker_id=self.worker_id, delivery_ids=ids, stopping=self.stopping
            )
        except DeliveryNotRecorded as exc:
            self.unrecorded.append(exc)
            raise
        self.holding = False
        return result

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                result = self.run_once()
            except Exception:  # the database may be away for a while: try again soon
                logger.exception("Outbox loop failed; retrying in a second")
                result = None
                self.stopping.wait(1)
            finally:
                close_old_connections()
            if result is None:
                self.stopping.wait(settings.DELIVERY_POLL_SECONDS)
        if self.unrecorded or self.holding:
            try:  # a last chance before stopping; otherwise the leases run out
                self.recover()
            except Exception:
                logger.exception("Could not give back the deliveries this worker holds")
            finally:
                close_old_connections()
