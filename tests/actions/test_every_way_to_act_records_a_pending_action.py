"""Fax, posted letter, social media post and solidarity message: each form records one pending
action on its own channel, and confirming the address counts it like any other."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.delivery.outbox import mail_sent
from tests.factories import SAMPLE_BODY, SOLIDARITY_MESSAGE, act_url, action_form_data
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Case
from writeathon.usecases.intake import supporter_confirm

# channel -> (subject, body) the action must keep (a form strips the text around a letter)
EXPECTED: dict[str, tuple[str, str]] = {
    "fax": ("Release Shawkan", SAMPLE_BODY.strip()),
    "letter": ("Release Shawkan", SAMPLE_BODY.strip()),
    "tweet": ("", ""),
    "solidarity": ("", SOLIDARITY_MESSAGE),
}


@pytest.mark.parametrize("channel", list(EXPECTED))
def test_each_channel_records_a_pending_action(
    client: Client, case: Case, django_capture_on_commit_callbacks: Any, channel: str
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act_url(case, channel), action_form_data(channel))

    assert response.status_code == 302
    action = Action.objects.get()
    assert response["Location"] == f"/thanks/{action.public_id}/"
    assert (action.case_id, action.channel, action.status) == (
        case.pk,
        channel,
        Action.Status.PENDING,
    )
    assert (action.subject, action.body) == EXPECTED[channel]
    assert action.signer_name == "Amira Haddad"
    assert action.copy_to_supporter is False
    # Like every action, it waits for the address to be confirmed.
    assert Tally.objects.count() == 0
    assert [message.to for message in mail_sent()] == [["amira@example.com"]]


@pytest.mark.parametrize("channel", list(EXPECTED))
def test_confirming_the_address_counts_the_action(client: Client, case: Case, channel: str) -> None:
    client.post(act_url(case, channel), action_form_data(channel))
    action = Action.objects.get()
    assert action.supporter is not None

    assert supporter_confirm(supporter=action.supporter) == 1

    action.refresh_from_db()
    assert action.status == Action.Status.CONFIRMED
    assert sum(Tally.objects.filter(case=case).values_list("total", flat=True)) == 1


def test_one_supporter_can_act_on_every_channel_and_each_counts_once(
    client: Client, case: Case
) -> None:
    channels = ["email", "fax", "letter", "tweet", "solidarity", "signature"]
    for channel in channels:
        assert client.post(act_url(case, channel), action_form_data(channel)).status_code == 302
    # A second "I posted it" is recognised, not stored again.
    assert client.post(act_url(case, "tweet"), action_form_data("tweet")).status_code == 302

    assert sorted(Action.objects.values_list("channel", flat=True)) == sorted(channels)


def test_letter_subject_is_folded_to_one_line(client: Client, case: Case) -> None:
    for channel in ("fax", "letter"):
        data = action_form_data(channel, subject="Release\r\nShawkan\nBcc: x@example.net")
        assert client.post(act_url(case, channel), data).status_code == 302
    assert set(Action.objects.values_list("subject", flat=True)) == {
        "Release Shawkan Bcc: x@example.net"
    }
