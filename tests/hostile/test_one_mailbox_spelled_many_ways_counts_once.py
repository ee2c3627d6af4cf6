"""A stranger who spells one mailbox many ways (evasion/mailboxes.json: quoted and escaped
local parts, capitals, both forms of an international domain) makes one supporter and one
count for a case, from any address; another mailbox still counts on its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.supporters.models import Supporter

MAILBOXES = json.loads(
    (Path(__file__).parent / "evasion" / "mailboxes.json").read_text(encoding="utf-8")
)["mailboxes"]


@pytest.mark.parametrize("mailbox", MAILBOXES, ids=lambda mailbox: str(mailbox["id"]))
def test_every_spelling_of_one_mailbox_counts_once(case: Case, mailbox: dict[str, Any]) -> None:
    url = act_url(case, "signature")
    for n, spelling in enumerate(mailbox["spellings"]):
        stranger = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        response = stranger.post(url, action_form_data("signature", email=spelling))
        assert response.status_code == 302, spelling

    assert Supporter.objects.count() == 1
    assert Action.objects.filter(case=case).count() == 1
    # The first spelling is kept for sending.
    assert Supporter.objects.get().email == mailbox["spellings"][0].lower()

    other = Client(REMOTE_ADDR="192.0.2.200")
    response = other.post(url, action_form_data("signature", email=mailbox["other"]))
    assert response.status_code == 302
    assert Supporter.objects.count() == 2
    assert Action.objects.filter(case=case).count() == 2
