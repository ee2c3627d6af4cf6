"""Posting an outcome tells everyone who acted on the case and agreed to updates: one email
each, in their language, through the outbox, with an unsubscribe link, and nobody else.
The job that queues the emails can die mid-batch and run again without sending twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.factories import CaseFactory, StaffUserFactory
from tests.reporting.impact_data import outcome_post, writer
from writeathon.delivery.models import Delivery
from writeathon.reporting import updates
from writeathon.reporting.models import Update
from writeathon.reporting.updates import outcome_update_send, update_progress
from writeathon.supporters.models import Supporter

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the transaction to commit (the queuing job, in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _send_all() -> None:
    while outbox_pass().delivered:
        pass


def test_each_consenting_writer_gets_one_email_in_their_language(commit: Any) -> None:
    case = CaseFactory(name="Amal Q")
    english, spanish, arabic = (
        str(writer(case, language=code).email) for code in ("en", "es", "ar")
    )
    writer(case, consents=False)  # acted, never agreed to updates
    erased = writer(case)
    Supporter.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    stopped = writer(case)
    Supporter.objects.filter(pk=stopped.pk).update(email_stopped_at=timezone.now())
    writer(CaseFactory(campaign=case.campaign))  # acted on another case
    outcome = outcome_post(
        case, texts={"en": "Amal is free.", "es": "Amal está libre.", "ar": "أمل حرة."}
    )

    with commit():
        update = outcome_update_send(outcome=outcome, user_id=StaffUserFactory().pk, base_url=BASE)
    assert update is not None
    _send_all()

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == sorted([english, spanish, arabic])
    assert len(mail.outbox) == 3
    assert "Amal is free." in by_address[english].body
    assert "Amal está libre." in by_address[spanish].body
    assert "أمل حرة." in by_address[arabic].body
    assert by_address[spanish].subject.startswith("Liberación: ")
    for message in mail.outbox:
        assert "/unsubscribe/" in message.body
        assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
        assert "/my-page/" in message.body
        assert f"{BASE}{case.get_absolute_url()}" in message.body  # the case page
        assert isinstance(message, EmailMultiAlternatives)
        html = str(message.alternatives[0][0])
        assert "<img" not in html  # no tracking pixel, nothing fetched when it is read
    update.refresh_from_db()
    assert update.status == Update.Status.QUEUED
    progress = update_progress(update=update)
    assert (progress.total, progress.delivered) == (3, 3)


def test_posting_the_outcome_again_sends_nothing_more(commit: Any) -> None:
    case = CaseFactory()
    writer(case)
    outcome = outcome_post(case)
    with commit():
        first = outcome_update_send(outcome=outcome, user_id=None, base_url=BASE)
    with commit():
        again = outcome_update_send(outcome=outcome, user_id=None, base_url=BASE)
    _send_all()
    assert first is not None and again is not None and first.pk == again.pk
    assert len(mail.outbox) == 1


def test_an_unpublished_outcome_tells_nobody() -> None:
    case = CaseFactory()
    writer(case)
    outcome = outcome_post(case)
    outcome.is_published = False
    outcome.save()
    assert outcome_update_send(outcome=outcome, user_id=None, base_url=BASE) is None
    _send_all()
    assert mail.outbox == []


def test_a_supporter_who_stops_email_after_queuing_gets_nothing(commit: Any) -> None:
    case = CaseFactory()
    leaving, staying = writer(case), writer(case)
    with commit():
        outcome_update_send(outcome=outcome_post(case), user_id=None, base_url=BASE)
    Supporter.objects.filter(pk=leaving.pk).update(email_stopped_at=timezone.now())
    _send_all()
    assert [m.to[0] for m in mail.outbox] == [staying.email]
    assert Delivery.objects.filter(status=Delivery.Status.CANCELLED).count() == 1


class _Killed(Exception):
    pass


def test_a_queuing_job_killed_mid_batch_and_run_again_queues_each_supporter_once(
    monkeypatch: pytest.MonkeyPatch, commit: Any
) -> None:
    case = CaseFactory()
    writers = [writer(case) for _ in range(7)]
    monkeypatch.setattr(updates, "UPDATE_BATCH_SIZE", 3)
    real_enqueue = updates.messages_enqueue
    calls = {"n": 0}

    def dies_on_second_batch(**kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            # Half of the batch went in before the worker died: its transaction rolls back.
            raise _Killed
        return real_enqueue(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(updates, "messages_enqueue", dies_on_second_batch)
    outcome = outcome_post(case)
    with commit():  # the task queue runs the job, which dies in its second batch
        outcome_update_send(outcome=outcome, user_id=None, base_url=BASE)
    assert calls["n"] == 2
    update = Update.objects.get(outcome=outcome)
    assert update.status == Update.Status.QUEUING
    assert update_progress(update=update).total == 3

    # The worker sends what was queued before the job died.
    _send_all()
    assert len(mail.outbox) == 3

    # The job runs again (the task queue requeues it), twice for good measure.
    monkeypatch.setattr(updates, "messages_enqueue", real_enqueue)
    assert updates.update_queue_batches(update_id=update.pk, base_url=BASE) == 4
    assert updates.update_queue_batches(update_id=update.pk, base_url=BASE) == 0
    _send_all()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(str(w.email) for w in writers)
    update.refresh_from_db()
    assert (update.status, update.recipients) == (Update.Status.QUEUED, 7)
