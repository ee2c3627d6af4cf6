"""Sending the same form twice: the same thank-you page, counted once, and no second
confirmation email within the resend interval. The kind word that it was a repeat goes only
to the browser of the address's owner: to anyone else it would tell what an address did."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.delivery.outbox import mail_sent
from tests.factories import (
    SupporterFactory,
    act_url,
    action_form_data,
    owner_client,
    stored_rows,
)
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Case

KIND = "You have already taken this action for Shawkan. Thank you: it counts once."


@pytest.mark.parametrize("channel", ["email", "signature"])
def test_second_identical_post_changes_nothing(
    client: Client, case: Case, django_capture_on_commit_callbacks: Any, channel: str
) -> None:
    data = action_form_data(channel)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(act_url(case, channel), data)
    assert first.status_code == 302
    after_first = stored_rows()
    assert len(mail_sent()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(act_url(case, channel), data, follow=True)

    assert second.redirect_chain == [(first["Location"], 302)]
    assert second.status_code == 200
    assert KIND not in second.content.decode()  # not proven to be the address's owner
    assert "Thank you for taking action" in second.content.decode()
    assert stored_rows() == after_first
    assert Action.objects.count() == 1
    assert len(mail_sent()) == 1  # no second email within the resend interval


def test_first_submission_has_no_repeat_notice(client: Client, case: Case) -> None:
    response = client.post(act_url(case, "signature"), action_form_data("signature"), follow=True)
    assert response.status_code == 200
    assert "You have already taken this action" not in response.content.decode()


def test_repeat_by_a_confirmed_supporter_is_not_counted_again(case: Case) -> None:
    supporter = SupporterFactory(email="amira@example.com", confirmed=True)
    data = action_form_data("signature")
    client = owner_client(supporter)

    client.post(act_url(case, "signature"), data)
    response = client.post(act_url(case, "signature"), data, follow=True)

    assert KIND in response.content.decode()
    assert Action.objects.get().status == Action.Status.CONFIRMED
    assert sum(Tally.objects.values_list("total", flat=True)) == 1
    assert mail_sent() == []


def test_a_stranger_learns_nothing_from_a_repeat(case: Case) -> None:
    owner = SupporterFactory(email="amira@example.com", confirmed=True)
    data = action_form_data("signature")
    owner_client(owner).post(act_url(case, "signature"), data)

    stranger = Client().post(act_url(case, "signature"), data, follow=True)
    html = stranger.content.decode()
    assert KIND not in html
    assert "Thank you: your action counts" not in html
    assert "Thank you for taking action" in html
    assert Action.objects.count() == 1
    assert sum(Tally.objects.values_list("total", flat=True)) == 1
