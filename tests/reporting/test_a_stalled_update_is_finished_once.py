"""An update whose queuing job died before it finished (a crash, a deployment) is finished
by the periodic job, or when staff press "send" again: each supporter still gets one email."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.factories import CaseFactory
from tests.reporting.impact_data import writer
from writeathon.reporting import updates
from writeathon.reporting.models import Update
from writeathon.reporting.updates import update_save, update_send, updates_resume

pytestmark = pytest.mark.django_db


def _update(case: Any) -> Update:
    return update_save(
        user_id=None,
        audience=Update.Audience.CASE,
        campaign=case.campaign,
        case=case,
        section=None,
        fallback_language="en",
        texts={"en": ("News", "The court will hear the case again.")},
    )


def _send_all() -> None:
    while outbox_pass().delivered:
        pass


def test_a_stalled_update_is_finished_by_the_periodic_job_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = CaseFactory()
    writers = [writer(case) for _ in range(5)]
    update = _update(case)
    # Sent, but the job never ran (the worker died before it took the task).
    update_send(update=update, user_id=None, base_url="http://testserver")
    assert mail.outbox == [] and Update.objects.get().status == Update.Status.QUEUING

    assert updates_resume() == 0  # not stalled yet: its job may still be running
    Update.objects.filter(pk=update.pk).update(
        send_requested_at=timezone.now() - timedelta(hours=1)
    )
    monkeypatch.setattr(updates, "UPDATE_BATCH_SIZE", 2)
    assert updates_resume() == 1
    assert updates_resume() == 0
    _send_all()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(str(w.email) for w in writers)
    assert "http://testserver/unsubscribe/" in str(mail.outbox[0].body)
    assert Update.objects.get().status == Update.Status.QUEUED


def test_pressing_send_again_while_queuing_resumes_without_sending_twice(
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = CaseFactory()
    writer(case), writer(case)
    update = _update(case)
    update_send(update=update, user_id=None, base_url="http://testserver")  # job lost
    with django_capture_on_commit_callbacks(execute=True):
        update_send(update=update, user_id=None, base_url="http://testserver")
    with django_capture_on_commit_callbacks(execute=True):
        update_send(update=update, user_id=None, base_url="http://testserver")
    _send_all()
    assert len(mail.outbox) == 2
