"""A new address: the action is stored pending, a confirmation email goes out, nothing counts."""

from __future__ import annotations

from typing import Any

from django.core import mail

from writeathon.actions.models import Action, Channel, Tally
from writeathon.campaigns.models import Case
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

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amira@example.com"]
    assert "http://testserver/confirm/" in str(message.body)
    assert "Shawkan" in message.subject


def test_no_email_leaves_before_the_transaction_commits(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email="late@example.com",
            name="Late Writer",
            country="FR",
            language="en",
            base_url="http://testserver",
        )
    assert mail.outbox == []
    assert len(callbacks) == 1
