"""A confirmed action puts what it must send in the outbox, in the confirming transaction."""

from __future__ import annotations

from typing import Any

import pytest

from tests.delivery.outbox import confirmed_action
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import deliveries_create_for_action
from writeathon.usecases.intake import action_count, action_submit, supporter_confirm


def test_an_email_letter_goes_to_each_official_with_an_address(case: Case) -> None:
    extra = Target.objects.create(
        case=case,
        name="Second Official",
        title="Minister",
        email="minister@example.org",
        language="ar",
    )
    Target.objects.create(case=case, name="No Email", title="Clerk", language="ar")
    action = confirmed_action(case, copy_to_supporter=True)

    deliveries = list(Delivery.objects.filter(action=action).order_by("target_id"))
    assert [d.recipient for d in deliveries] == ["prosecutor-eg@example.org", extra.email]
    first = deliveries[0]
    assert first.kind == Delivery.Kind.LETTER
    assert first.channel == Channel.EMAIL
    assert first.status == Delivery.Status.QUEUED
    assert first.next_try_at is not None
    assert first.payload["subject"] == "Release Shawkan"
    assert first.payload["reply_to"] == "writer@example.net"
    assert first.payload["copy_to"] == "writer@example.net"
    assert first.payload["signer_name"] == "Amal Writer"


def test_a_waiting_action_sends_nothing_until_confirmed(case: Case) -> None:
    result = action_submit(
        case=case,
        channel=Channel.FAX,
        email="new@example.net",
        name="New Writer",
        country="PE",
        language="es",
        base_url="http://testserver",
        subject="Libertad",
        body="Señor Fiscal, le pido que libere a Shawkan.",
    )
    assert result.action.status == Action.Status.PENDING
    # Only the confirmation email to the writer waits in the outbox.
    assert not Delivery.objects.exclude(kind=Delivery.Kind.CONFIRMATION).exists()

    assert result.action.supporter is not None
    supporter_confirm(supporter=result.action.supporter)
    fax = Delivery.objects.get(action=result.action, kind=Delivery.Kind.LETTER)
    assert fax.channel == Channel.FAX
    assert fax.recipient == "+12025550102"
    assert fax.payload["language"] == "es"


def test_creating_the_deliveries_again_adds_nothing(case: Case) -> None:
    action = confirmed_action(case)
    assert Delivery.objects.count() == 1
    assert deliveries_create_for_action(action_id=action.pk, held=False) == 0
    assert action_count(action_id=action.pk) is False
    assert Delivery.objects.count() == 1


def test_postal_letters_wait_for_a_print_run_and_solidarity_for_a_moderator(case: Case) -> None:
    letter = confirmed_action(case, Channel.LETTER)
    solidarity = confirmed_action(
        case, Channel.SOLIDARITY, body="We are thinking of you, Shawkan. Stay strong."
    )
    posted = Delivery.objects.get(action=letter)
    assert posted.status == Delivery.Status.QUEUED
    assert posted.next_try_at is None  # no worker picks it: staff make print runs
    target = Target.objects.get(case=case)
    assert posted.recipient == target.postal_address.strip()
    assert posted.payload["target_address"] == target.postal_address
    held = Delivery.objects.get(action=solidarity)
    assert (held.kind, held.status, held.target) == (
        Delivery.Kind.SOLIDARITY,
        Delivery.Status.HELD,
        None,
    )


@pytest.mark.parametrize("channel", [Channel.SIGNATURE, Channel.TWEET])
def test_signatures_and_posts_reach_nobody_through_the_outbox(case: Case, channel: Channel) -> None:
    confirmed_action(case, channel)
    assert not Delivery.objects.exists()


def test_an_official_on_a_digest_gets_letters_held_for_the_day(case: Case) -> None:
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST)
    action = confirmed_action(case)
    letter = Delivery.objects.get(action=action)
    assert letter.awaits_digest is True
    assert letter.next_try_at is None


@pytest.mark.django_db(transaction=True)
def test_a_failed_confirmation_leaves_no_delivery(campaign: Campaign, **_: Any) -> None:
    case = campaign.cases.get(slug="shawkan")

    class Abort(Exception):
        pass

    from django.db import transaction

    with pytest.raises(Abort), transaction.atomic():
        confirmed_action(case)
        assert Delivery.objects.count() == 1
        raise Abort
    assert not Delivery.objects.exists()
