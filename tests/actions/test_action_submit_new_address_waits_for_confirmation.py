"""A new address: the action is stored pending, a confirmation email goes out, nothing counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from tests.delivery.outbox import mail_sent
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import action_submit


def test_new_address_is_stored_pending_and_sent_a_confirmation(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = action_submit(
            case=case,
            channel=Channel.EMAIL,
            email="  Amira@Example.COM ",
            name="Amira Haddad",
            country="FR",
            language="en",
            base_url="http://testserver",
            subject="Release Shawkan",
            body="Dear Prosecutor, please release Shawkan.",
        )

    assert result.created is True
    assert result.counted is False
    assert result.confirmation_sent is True
    action = Action.objects.get()
    assert action == result.action
    assert action.status == Action.Status.PENDING
    assert action.confirmed_at is None
    assert (action.campaign_id, action.case_id, action.channel) == (
        case.campaign_id,
        case.pk,
        "email",
    )
    assert action.subject == "Release Shawkan"
    supporter = Supporter.objects.get()
    assert supporter.email == "amira@example.com"
    assert supporter.is_confirmed is False
    assert action.supporter == supporter
    # Not counted until the address is confirmed.
    assert Tally.objects.count() == 0

    assert len(mail_sent()) == 1
    message = mail_sent()[0]
    assert message.to == ["amira@example.com"]
    assert "http://testserver/confirm/" in str(message.body)
    assert "Shawkan" in message.subject


class _Undone(Exception):
    """Whatever follows the submission fails: its transaction is rolled back."""


def test_no_email_leaves_before_the_transaction_commits(case: Case) -> None:
    with pytest.raises(_Undone), transaction.atomic():
        action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email="late@example.com",
            name="Late Writer",
            country="FR",
            language="en",
            base_url="http://testserver",
        )
        # The confirmation email is an outbox row of this transaction: nothing went yet.
        assert mail.outbox == []
        raise _Undone
    assert not Delivery.objects.exists()
    assert mail_sent() == []
