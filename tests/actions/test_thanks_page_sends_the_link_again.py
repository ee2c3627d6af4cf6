"""From the thank-you page a supporter can ask for the confirmation link again, within limits."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.delivery.outbox import mail_sent
from tests.factories import ActionFactory, SupporterFactory, owner_client
from writeathon.campaigns.models import Case
from writeathon.usecases.intake import action_count


def _resend(client: Client, action: Any, capture: Any) -> str:
    with capture(execute=True):
        response = client.post(
            reverse("actions:resend", kwargs={"public_id": action.public_id}), follow=True
        )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(f"/thanks/{action.public_id}/")
    return str(response.content.decode())


def test_the_link_is_sent_again_once_per_interval(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    action = ActionFactory(case=case, supporter=SupporterFactory(email="rima@example.net"))
    client = owner_client(action.supporter)
    assert "Send the link again" in client.get(f"/thanks/{action.public_id}/").content.decode()

    page = _resend(client, action, django_capture_on_commit_callbacks)
    assert "We have sent the link again" in page
    assert [m.to for m in mail_sent()] == [["rima@example.net"]]
    assert "/confirm/" in mail_sent()[0].body

    page = _resend(client, action, django_capture_on_commit_callbacks)
    assert "We sent you a link a few minutes ago" in page
    assert len(mail_sent()) == 1


def test_nothing_is_sent_for_an_action_already_counted(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    action = ActionFactory(case=case, supporter=SupporterFactory(confirmed=True))
    action_count(action_id=action.pk)
    action.refresh_from_db()
    page = _resend(owner_client(action.supporter), action, django_capture_on_commit_callbacks)
    assert "already confirmed and counted" in page
    assert mail_sent() == []


def test_only_post_and_only_real_actions(case: Case) -> None:
    action = ActionFactory(case=case)
    url = reverse("actions:resend", kwargs={"public_id": action.public_id})
    assert Client().get(url).status_code == 405
    missing = "/thanks/00000000-0000-0000-0000-000000000000/resend/"
    assert Client().post(missing).status_code == 404
    assert mail_sent() == []


def test_other_browsers_get_the_same_answer_whatever_the_address_did(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    waiting = ActionFactory(case=case, supporter=SupporterFactory(email="new@example.net"))
    counted = ActionFactory(case=case, supporter=SupporterFactory(confirmed=True))
    action_count(action_id=counted.pk)
    answers = {
        _resend(Client(), action, django_capture_on_commit_callbacks)
        .split("</main>")[0]
        .split('role="status"')[1]
        .split("</div>")[0]
        for action in (waiting, counted)
    }
    assert len(answers) == 1
    assert "If this address still needs confirming" in answers.pop()
    assert [m.to for m in mail_sent()] == [["new@example.net"]]
