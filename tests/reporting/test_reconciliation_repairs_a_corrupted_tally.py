"""A tally corrupted behind the services' back (a manual edit, a half-restored backup) is
found by the reconciliation, reported (what, where, by how much: a log line, a record staff
read, the command's output) and repaired; a second run finds nothing."""

from __future__ import annotations

import logging
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from tests.delivery.outbox import confirmed_action
from writeathon.actions.models import Action, Tally, TallyRepair
from writeathon.actions.tallies import tallies_reconcile
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.usecases.intake import count_report_submit

pytestmark = pytest.mark.django_db


def _key_total(case: Case, **key: object) -> int:
    return int(Tally.objects.filter(case=case, **key).aggregate(n=Sum("total"))["n"] or 0)


def test_command_reports_and_repairs_a_corrupted_key(
    campaign: Campaign, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    for n in range(3):
        confirmed_action(case, Channel.EMAIL, email=f"writer{n}@example.net")
    count_report_submit(
        reference="event:7",
        source=Source.EVENT,
        case=case,
        channel=Channel.LETTER,
        count=40,
        day=date(2016, 12, 10),
        country="JP",
    )
    assert tallies_reconcile(campaign=campaign) == []
    # Corrupt two keys: the email tally loses two, the event's letters gain five.
    email = Tally.objects.filter(case=case, channel=Channel.EMAIL).first()
    assert email is not None
    Tally.objects.filter(pk=email.pk).update(total=email.total - 2)
    Tally.objects.filter(case=case, channel=Channel.LETTER).update(total=45)

    out = StringIO()
    with caplog.at_level(logging.WARNING, logger="writeathon.actions.tallies"):
        call_command("tallies_reconcile", "--campaign", campaign.slug, stdout=out)

    text = out.getvalue()
    assert "2 drifts repaired in 1 cases" in text
    assert "channel email source online country FR" in text and "(+2)" in text
    assert "channel letter source event country JP day 2016-12-10" in text and "(-5)" in text
    assert sum("Tally drift repaired" in message for message in caplog.messages) == 2
    repairs = {(r.channel, r.tallied, r.counted) for r in TallyRepair.objects.filter(case=case)}
    assert repairs == {(Channel.EMAIL, 1, 3), (Channel.LETTER, 45, 40)}
    assert _key_total(case, channel=Channel.EMAIL) == 3
    assert _key_total(case, channel=Channel.LETTER, country="JP") == 40
    assert _key_total(case) == Action.objects.filter(case=case).count() + 40

    again = StringIO()
    call_command("tallies_reconcile", "--campaign", campaign.slug, stdout=again)
    assert "The tallies hold: no drift." in again.getvalue()


def test_a_tally_moved_to_the_wrong_country_is_moved_back(case: Case) -> None:
    confirmed_action(case, Channel.EMAIL)
    # The total is right, the country is not: still a drift, in two keys.
    Tally.objects.filter(case=case).update(country="MX")

    repairs = tallies_reconcile(campaign=case.campaign)

    assert sorted((str(r.country), r.difference) for r in repairs) == [("FR", 1), ("MX", -1)]
    assert _key_total(case, country="FR") == 1
    assert not Tally.objects.filter(case=case, country="MX").exists()


def test_an_unknown_campaign_is_a_clear_error() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No campaign"):
        call_command("tallies_reconcile", "--campaign", "nope", stdout=StringIO())


def test_a_corrupted_rollup_is_brought_back_to_the_tallies(case: Case) -> None:
    from writeathon.actions.models import TallyByCountry, TallyByDay
    from writeathon.reporting.selectors import counter_forget, counter_snapshot

    confirmed_action(case, Channel.EMAIL)
    TallyByCountry.objects.filter(case=case).update(total=1000)  # what the counter reads
    TallyByDay.objects.filter(case=case).delete()  # what the days read
    counter_forget(campaign=case.campaign)
    assert counter_snapshot(campaign=case.campaign).cases[case.slug] == 1000

    assert tallies_reconcile(campaign=case.campaign) == []  # the tallies by key held

    counter_forget(campaign=case.campaign)
    assert counter_snapshot(campaign=case.campaign).cases[case.slug] == 1
    assert TallyByDay.objects.filter(case=case).aggregate(n=Sum("total"))["n"] == 1
