"""A letter screening held is in the outbox but not sent: a moderator passes it on (an email
goes out at the next pass, a postal letter waits for its print run, a digest letter for the
digest) or rejects it (it is never sent, and the writer hears when the rest is done)."""

from __future__ import annotations

from tests.conftest import SmtpServer
from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.moderation.conftest import moderator_user
from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.moderation.models import ModerationDecision
from writeathon.usecases.intake import action_submit, supporter_confirm
from writeathon.usecases.moderation import moderation_decide

LINKED = "Dear Prosecutor,\n\nPlease release Shawkan now; read more at www.example.org."
INSULTING = "Dear Prosecutor,\n\nRelease Shawkan now, you idiot."


def test_a_held_email_letter_is_sent_only_once_passed_on(
    case: Case, smtp_server: SmtpServer
) -> None:
    action = confirmed_action(case, Channel.EMAIL, body=LINKED)
    delivery = Delivery.objects.get(action=action)
    assert (delivery.status, delivery.next_try_at) == (Delivery.Status.HELD, None)

    assert outbox_pass().delivered == []
    assert smtp_server.inbox.messages == []

    moderator = moderator_user()
    assert moderation_decide(
        delivery_ids=[delivery.pk], approve=True, note="A campaign page.", user_id=moderator.pk
    ) == [delivery.pk]
    assert outbox_pass().delivered == [delivery.pk]
    [message] = smtp_server.inbox.messages
    assert message["To"] == "prosecutor-eg@example.org"
    assert "www.example.org" in message.get_payload()
    decision = ModerationDecision.objects.get(delivery=delivery)
    assert (decision.decision, decision.reasons, decision.note, decision.decided_by) == (
        "approve",
        "link",
        "A campaign page.",
        moderator,
    )


def test_a_rejected_letter_is_never_sent(case: Case, smtp_server: SmtpServer) -> None:
    action = confirmed_action(case, Channel.EMAIL, body=INSULTING)
    delivery = Delivery.objects.get(action=action)
    moderation_decide(
        delivery_ids=[delivery.pk], approve=False, note="", user_id=moderator_user().pk
    )

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.REJECTED
    for _ in range(3):
        outbox_pass()
    assert smtp_server.inbox.messages == []
    # Passing it on later changes nothing: it was decided.
    assert (
        moderation_decide(
            delivery_ids=[delivery.pk], approve=True, note="", user_id=moderator_user("other").pk
        )
        == []
    )
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.REJECTED


def test_a_passed_on_postal_letter_waits_for_its_print_run(case: Case) -> None:
    delivery = Delivery.objects.get(action=confirmed_action(case, Channel.LETTER, body=LINKED))
    assert delivery.status == Delivery.Status.HELD
    moderation_decide(
        delivery_ids=[delivery.pk], approve=True, note="", user_id=moderator_user().pk
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.next_try_at) == (Delivery.Status.QUEUED, None)


def test_a_passed_on_digest_letter_waits_for_the_digest(case: Case) -> None:
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST)
    delivery = Delivery.objects.get(action=confirmed_action(case, Channel.EMAIL, body=LINKED))
    assert (delivery.status, delivery.awaits_digest) == (Delivery.Status.HELD, True)
    moderation_decide(
        delivery_ids=[delivery.pk], approve=True, note="", user_id=moderator_user().pk
    )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.awaits_digest) == (Delivery.Status.QUEUED, True)
    assert outbox_pass().delivered == []


def test_a_clean_letter_is_not_held(case: Case) -> None:
    delivery = Delivery.objects.get(action=confirmed_action(case, Channel.FAX))
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.next_try_at is not None


def test_an_action_confirmed_later_has_its_letters_held(case: Case) -> None:
    # Screened when submitted, held when its address is confirmed days later.
    result = action_submit(
        case=case,
        channel=Channel.EMAIL,
        email="later@example.net",
        name="Later Writer",
        country="FR",
        language="en",
        base_url="http://testserver",
        subject="Release Shawkan",
        body=INSULTING,
    )
    assert (
        not Delivery.objects.filter(action=result.action)
        .exclude(kind=Delivery.Kind.CONFIRMATION)
        .exists()
    )
    assert result.action.supporter is not None
    supporter_confirm(supporter=result.action.supporter)
    letter = Delivery.objects.get(action=result.action, kind=Delivery.Kind.LETTER)
    assert letter.status == Delivery.Status.HELD


def test_a_threat_that_reached_the_service_directly_is_held_not_sent(case: Case) -> None:
    # Imports and other sources cannot ask the writer to rewrite: a person decides.
    action = confirmed_action(case, Channel.EMAIL, body="Release him or I will kill you.")
    assert Delivery.objects.get(action=action).status == Delivery.Status.HELD
    assert action.screening.reason_codes == ["threat"]
