"""When a petition is marked handed in, every signer on it who agreed to updates is told,
once, in their language, with a link to stop the emails: not those who did not consent, who
stopped all email or who were erased, and nobody twice, however often the job runs or
wherever a worker stops."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from tests.delivery.outbox import outbox_pass
from tests.delivery.petitions import signature
from writeathon.campaigns.models import Case
from writeathon.delivery import hand_ins
from writeathon.delivery.hand_ins import hand_in_create, hand_in_mark_handed_in, hand_in_notify
from writeathon.delivery.models import Delivery, HandIn
from writeathon.delivery.services import delivery_claim
from writeathon.sections.models import Section
from writeathon.supporters.services import consents_withdraw_for_actions
from writeathon.usecases.privacy import supporter_email_stop, supporter_erase

HANDED_IN_ON = datetime.date(2016, 12, 12)


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.SITE_URL = "https://writeathon.example"


def _signers(case: Case) -> None:
    signature(case, email="ana@example.pe", name="Ana Quispe", country="PE")
    signature(case, email="sofia@example.pe", name="Sofía Rojas", country="PE", language="es")
    signature(case, email="mute@example.pe", name="No Updates", country="PE", consent=False)
    stopped = signature(case, email="stopped@example.pe", name="Stopped All", country="PE")
    erased = signature(case, email="erased@example.pe", name="Erased Signer", country="PE")
    signature(case, email="omar@example.jo", name="Omar Haddad", country="JO")  # Jordan's
    assert stopped.supporter_id is not None and erased.supporter_id is not None
    supporter_email_stop(supporter_id=stopped.supporter_id)
    supporter_erase(supporter_id=erased.supporter_id)


def _peru_hand_in(case: Case) -> HandIn:
    user = get_user_model().objects.create_user(username="peru", is_staff=True)
    target = case.targets.first()
    assert target is not None
    return hand_in_create(
        case=case,
        target=target,
        section_id=Section.objects.get(country="PE").pk,
        up_to=timezone.now(),
        user_id=user.pk,
    )


def _handed_in(hand_in: HandIn, capture: Callable[..., Any]) -> None:
    assert hand_in.created_by_id is not None
    with capture(execute=True):  # the job runs when the marking commits
        assert hand_in_mark_handed_in(
            hand_in_id=hand_in.pk, on=HANDED_IN_ON, user_id=hand_in.created_by_id
        )


def _rows(hand_in: HandIn) -> list[Delivery]:
    return list(
        Delivery.objects.filter(idempotency_key__startswith=f"hand-in:{hand_in.pk}:").order_by(
            "recipient"
        )
    )


def test_each_consenting_signer_is_told_once_in_their_language(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    _signers(case)
    hand_in = _peru_hand_in(case)
    assert hand_in.count == 5  # everyone of Peru signed; only some are told

    _handed_in(hand_in, django_capture_on_commit_callbacks)

    assert [row.recipient for row in _rows(hand_in)] == ["ana@example.pe", "sofia@example.pe"]
    hand_in.refresh_from_db()
    assert hand_in.signers_told_at is not None
    outbox_pass()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["ana@example.pe", "sofia@example.pe"]
    english, spanish = by_recipient["ana@example.pe"], by_recipient["sofia@example.pe"]
    assert english.subject == "Your signature for Shawkan was handed in"
    assert "we handed the petition for Shawkan to" in " ".join(english.body.split())
    assert "5 signatures, yours among them" in english.body
    assert spanish.subject == "Su firma por Shawkan fue entregada"
    assert "12 de diciembre de 2016" in spanish.body
    for message in (english, spanish):
        assert "https://writeathon.example/" in message.body  # the link to stop the emails
        assert message.extra_headers["List-Unsubscribe"].startswith("<https://writeathon.example/")

    # The job again, and the worker again: nobody hears twice.
    assert hand_in_notify(hand_in_id=hand_in.pk) == 0
    mail.outbox.clear()
    outbox_pass()
    assert mail.outbox == []


def test_a_job_killed_mid_batch_tells_the_rest_once_when_run_again(
    case: Case, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    for n in range(5):
        signature(case, email=f"signer{n}@example.pe", name=f"Signer {n}", country="PE")
    hand_in = _peru_hand_in(case)
    HandIn.objects.filter(pk=hand_in.pk).update(handed_in_on=HANDED_IN_ON)
    real = hand_ins.messages_enqueue  # type: ignore[attr-defined]
    calls = {"n": 0}

    def killed_on_the_third_batch(**kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(hand_ins, "messages_enqueue", killed_on_the_third_batch)
    with pytest.raises(SystemExit):
        hand_in_notify(hand_in_id=hand_in.pk, batch=2)
    assert len(_rows(hand_in)) == 4  # two batches went in whole, the third not at all
    assert HandIn.objects.get(pk=hand_in.pk).signers_told_at is None

    monkeypatch.setattr(hand_ins, "messages_enqueue", real)
    assert hand_in_notify(hand_in_id=hand_in.pk, batch=2) == 1  # the one left
    assert hand_in_notify(hand_in_id=hand_in.pk, batch=2) == 0
    rows = _rows(hand_in)
    assert len(rows) == len({row.recipient for row in rows}) == 5

    # A worker that claimed the emails and died: once its lease runs out another sends them.
    claimed = delivery_claim(worker_id="dies", limit=3)
    assert len(claimed) == 3
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        outbox_pass(worker_id="survivor")
        outbox_pass(worker_id="survivor")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(row.recipient for row in rows)


def test_a_signer_who_withdrew_before_it_went_hears_nothing(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    ana = signature(case, email="ana@example.pe", name="Ana Quispe", country="PE")
    hand_in = _peru_hand_in(case)
    _handed_in(hand_in, django_capture_on_commit_callbacks)
    [row] = _rows(hand_in)

    consents_withdraw_for_actions(action_ids=[ana.pk])  # between queueing and sending
    outbox_pass()

    assert mail.outbox == []
    row.refresh_from_db()
    assert row.status != Delivery.Status.DELIVERED
