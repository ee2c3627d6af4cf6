"""Acting on several cases before confirming sends one email, whose link counts them all."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from tests.delivery.outbox import mail_sent
from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign


def test_one_email_confirms_every_waiting_action(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    cases = list(campaign.cases.order_by("position")[:3])
    for case in cases:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                act_url(case, "signature"), action_form_data("signature", email="dana@example.net")
            )
        assert response.status_code == 302
    assert Action.objects.filter(status=Action.Status.PENDING).count() == 3
    assert len(mail_sent()) == 1

    link = re.search(r"http://testserver(/confirm/[^\s]+/)", str(mail_sent()[0].body))
    assert link is not None
    confirmed = client.post(link.group(1))
    assert "Your 3 actions now count." in confirmed.content.decode()
    assert Action.objects.filter(status=Action.Status.CONFIRMED).count() == 3
    counts = client.get(f"/counter.json?campaign={campaign.slug}").json()["cases"]
    assert [c["total"] for c in counts] == [1, 1, 1, 0]
