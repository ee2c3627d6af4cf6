"""Email actions counted before the outbox existed get their letters in the outbox."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.db import connection
from django.utils import timezone

from tests.factories import SupporterFactory
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery

backfill = importlib.import_module(
    "writeathon.delivery.migrations.0002_outbox_for_earlier_email_actions"
)


def _old_action(case: Case, channel: str, status: str, email: str) -> Action:
    supporter = SupporterFactory(email=email, confirmed_at=timezone.now())
    return Action.objects.create(
        campaign=case.campaign,
        case=case,
        supporter=supporter,
        channel=channel,
        status=status,
        language="en",
        signer_name="Early Writer",
        subject="Release Shawkan",
        body="Dear Prosecutor, please release Shawkan.",
        confirmed_at=timezone.now() if status == "confirmed" else None,
    )


def test_the_migration_queues_each_confirmed_email_letter_once(case: Case) -> None:
    confirmed = _old_action(case, Channel.EMAIL, "confirmed", "early@example.net")
    _old_action(case, Channel.EMAIL, "pending", "waiting@example.net")
    _old_action(case, Channel.SIGNATURE, "confirmed", "signer@example.net")

    backfill.forwards(apps, connection.schema_editor())
    backfill.forwards(apps, connection.schema_editor())  # run twice: nothing doubles

    delivery = Delivery.objects.get()
    assert delivery.action_id == confirmed.pk
    assert delivery.recipient == "prosecutor-eg@example.org"
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.payload["body"] == "Dear Prosecutor, please release Shawkan."
    assert delivery.payload["reply_to"] == "early@example.net"
    # The same key the live path uses: confirming again cannot add a second letter.
    target = case.targets.get()
    assert delivery.idempotency_key == f"action:{confirmed.pk}:target:{target.pk}:email"
