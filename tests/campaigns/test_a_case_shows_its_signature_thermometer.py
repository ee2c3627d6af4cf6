"""A case with a signature goal shows how far its petition has come, on its page and on the
campaign's page: confirmed signatures and signatures counted in bulk, never those waiting for
confirmation or other ways to act."""

from __future__ import annotations

import datetime
import re

from django.test import Client

from tests.delivery.outbox import confirmed_action
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.usecases.intake import action_submit, count_report_submit


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_thermometer_counts_signatures_against_the_goal(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(signature_goal=1000)
    for n in range(3):
        confirmed_action(case, Channel.SIGNATURE, email=f"signer{n}@example.net", body="")
    confirmed_action(case, Channel.EMAIL)  # a letter is no signature
    waiting = action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email="stranger@example.net",
        name="Not Yet",
        country="FR",
        language="en",
        base_url="http://testserver",
    )
    assert waiting.action.status == Action.Status.PENDING  # not counted until confirmed
    count_report_submit(
        reference="paper-petition-1",
        source=Source.EVENT,
        case=case,
        channel=Channel.SIGNATURE,
        count=1200,
        day=datetime.date(2016, 12, 10),
    )

    case_page = _text(Client().get(case.get_absolute_url()).content.decode())
    campaign_page = _text(Client().get(case.campaign.get_absolute_url()).content.decode())

    assert "1,203 signatures of 1,000 (120 %)" in case_page
    assert "1,203 signatures of 1,000 (120 %)" in campaign_page


def test_no_goal_no_thermometer(case: Case) -> None:
    confirmed_action(case, Channel.SIGNATURE, body="")

    page = Client().get(case.get_absolute_url()).content.decode()

    assert "thermometer" not in page


def test_the_thermometer_speaks_the_pages_language(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(signature_goal=10)
    confirmed_action(case, Channel.SIGNATURE, body="")

    page = _text(Client().get(case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode())

    assert "1 firma de 10 (10 %)" in page
