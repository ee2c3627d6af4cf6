"""The background worker: runs queued tasks and the periodic jobs.

Any number of workers can run on any number of hosts: tasks are claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL) or an exclusive transaction (SQLite),
and each periodic job's run is claimed with a conditional update.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from writeathon.abuse.services import abuse_purge
from writeathon.actions.tallies import tally_reconcile
from writeathon.core.periodic import PeriodicJobSpec, periodic_run_due
from writeathon.core.tasks import tasks_requeue_abandoned
from writeathon.delivery.outbox import OutboxLoop
from writeathon.delivery.services import digests_compose, outbox_purge
from writeathon.moderation.services import recent_messages_purge
from writeathon.partners.services import partners_purge
from writeathon.usecases.privacy import messages_purge, supporters_purge

logger = logging.getLogger(__name__)

PERIODIC_JOBS: list[PeriodicJobSpec] = [
    PeriodicJobSpec(name="tally_reconcile", every=timedelta(minutes=10), run=tally_reconcile),
    PeriodicJobSpec(
        name="tasks_requeue_abandoned", every=timedelta(minutes=1), run=tasks_requeue_abandoned
    ),
    PeriodicJobSpec(name="digests_compose", every=timedelta(minutes=10), run=digests_compose),
    PeriodicJobSpec(name="outbox_purge", every=timedelta(hours=6), run=outbox_purge),
    PeriodicJobSpec(name="abuse_purge", every=timedelta(hours=1), run=abuse_purge),
    PeriodicJobSpec(name="messages_purge", every=timedelta(hours=1), run=messages_purge),
    PeriodicJobSpec(name="supporters_purge", every=timedelta(hours=6), run=supporters_purge),
    PeriodicJobSpec(
        name="recent_messages_purge", every=timedelta(hours=1), run=recent_messages_purge
    ),
    PeriodicJobSpec(name="partners_purge", every=timedelta(hours=6), run=partners_purge),
]


class BackgroundWorker:
    def __init__(self, *, interval: float = 0.5, periodic_check_seconds: float = 5.0) -> None:
        self.stopping = threading.Event()
        self.periodic_check_seconds = periodic_check_seconds
        self.worker_id = get_random_string(32)
        self.outbox = OutboxLoop(worker_id=self.worker_id, stopping=self.stopping)
        self.tasks = Worker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )

    def _periodic_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                periodic_run_due(PERIODIC_JOBS)
            except Exception:  # the database may be away for a while: try again later
                logger.exception("Could not run periodic jobs")
            finally:
                close_old_connections()
            self.stopping.wait(self.periodic_check_seconds)
        connections.close_all()  # this thread's connections

    def _outbox_loop(self) -> None:
        try:
            self.outbox.run()
        finally:
            connections.close_all()  # this thread's connections

    def run(self) -> None:
        """Run until stop() is called; survives database outages by retrying."""
        periodic = threading.Thread(target=self._periodic_loop, name="periodic", daemon=True)
        periodic.start()
        outbox = threading.Thread(target=self._outbox_loop, name="outbox", daemon=True)
        outbox.start()
        while not self.stopping.is_set():
            try:
                self.tasks.running = True
                if self.stopping.is_set():  # stop() came between the check and the line above
                    break
                self.tasks.run()
            except Exception:
                logger.exception("Worker loop failed; retrying in 5 seconds")
                close_old_connections()
                self.stopping.wait(5)
        periodic.join(timeout=10)
        # The outbox finishes the message in hand (the rest of its batch is given back); a
        # slow mail server may take up to the longest exchange, which the lease outlasts.
        outbox.join(timeout=settings.DELIVERY_LEASE_SECONDS)
        connections.close_all()  # this thread's connections

    def stop(self) -> None:
        """Finish the task and the outbox message in hand, give the rest back, then stop."""
        self.stopping.set()
        self.tasks.running = False

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="writeathon-worker", daemon=True)
        thread.start()
        return thread
