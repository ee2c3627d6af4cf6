"""Erasure from the data page: the supporter's address, name, messages and consents are gone
from every table, letters not yet sent are cancelled, links stop working, and the counts
do not move."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.test import Client

from tests.delivery.outbox import outbox_pass
from tests.delivery.pdf_reading import page_texts
from tests.delivery.staff import staff_user
from tests.factories import StaffUserFactory
from tests.supporters.people import data_url, unsubscribe_path, writer
from writeathon.actions.models import Action
from writeathon.actions.tallies import tally_reconcile
from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery, PrintRun
from writeathon.delivery.services import print_run_create
from writeathon.reporting.selectors import counter_forget, counter_snapshot
from writeathon.supporters.models import Consent, Supporter

pytestmark = pytest.mark.django_db

EMAIL = "erin.erasable@example.net"
NAME = "Erin Erasable"
LETTER = "Dear Sir,\n\nErin's own words for Shawkan: free him, ERIN-LETTER-TEXT."
SOLIDARITY = "Shawkan, Erin is with you: ERIN-SOLIDARITY-TEXT."


def _everything_stored() -> str:
    """Every row of every table, as text."""
    return "\n".join(
        serializers.serialize("json", model._default_manager.all()) for model in apps.get_models()
    )


def _pdf_text(run: PrintRun) -> str:
    with run.pdf.open("rb") as pdf:
        return "".join(page_texts(pdf.read()))


def _counts(case: Case) -> tuple[int, dict[str, int]]:
    counter_forget(campaign=case.campaign)
    snapshot = counter_snapshot(campaign=case.campaign)
    return snapshot.total, snapshot.cases


def _erin_everywhere(case: Case) -> Supporter:
    """Erin's letter delivered and the notice of it too, a held solidarity message, a postal
    letter waiting for a print run, a consent, and a staff edit in the admin's history."""
    letter = writer(case, email=EMAIL, name=NAME, body=LETTER)
    writer(case, email=EMAIL, name=NAME, body=SOLIDARITY, channel=Channel.SOLIDARITY)
    writer(case, email=EMAIL, name=NAME, body=LETTER, channel=Channel.LETTER, consent=False)
    outbox_pass()  # the email letter
    outbox_pass()  # the notice that it was delivered
    assert Delivery.objects.get(action=letter, kind=Delivery.Kind.NOTICE).recipient == EMAIL
    supporter = Supporter.objects.get(email=EMAIL)
    LogEntry.objects.create(
        user=StaffUserFactory(),
        content_type=ContentType.objects.get_for_model(Supporter),
        object_id=str(supporter.pk),
        object_repr=str(supporter),
        action_flag=CHANGE,
        change_message="[]",
    )
    return supporter


def test_erasure_removes_every_trace_and_keeps_the_counts(case: Case, client: Client) -> None:
    supporter = _erin_everywhere(case)
    other = writer(case, email="omar@example.net", name="Omar Other", body="OMAR-LETTER-TEXT")
    outbox_pass()
    stored = _everything_stored()
    assert EMAIL in stored and NAME in stored and "ERIN-LETTER-TEXT" in stored
    counts_before = _counts(case)
    actions_before = Action.objects.filter(supporter=supporter).count()
    data_page = data_url(supporter)
    stop_link = unsubscribe_path(supporter)

    response = client.post(data_url(supporter, "erase"), {"confirm": "on"})

    assert response.status_code == 200
    assert "You have been erased" in response.content.decode()
    stored = _everything_stored()
    for trace in (EMAIL, NAME, "Erin", "ERIN-LETTER-TEXT", "ERIN-SOLIDARITY-TEXT"):
        assert trace not in stored, trace
    assert not Supporter.objects.filter(email=EMAIL).exists()
    assert not Consent.objects.filter(supporter=supporter).exists()
    erased = Supporter.objects.get(pk=supporter.pk)
    assert erased.erased_at is not None
    assert (erased.email, erased.phone, erased.name) == (None, None, "")
    # The actions stay, anonymous, and keep counting.
    actions = Action.objects.filter(supporter=supporter)
    assert actions.count() == actions_before
    assert all(a.status == Action.Status.CONFIRMED for a in actions)
    assert all((a.signer_name, a.subject, a.body) == ("", "", "") for a in actions)
    assert _counts(case) == counts_before
    assert tally_reconcile(campaign=case.campaign) == 0
    # Delivered letters keep their status; what had not gone is cancelled.
    deliveries = Delivery.objects.filter(action__supporter=supporter)
    for delivery in deliveries:
        assert delivery.payload == {"purged": True}
        if delivery.kind == Delivery.Kind.LETTER and delivery.channel == Channel.EMAIL:
            assert delivery.status == Delivery.Status.DELIVERED
        elif delivery.kind != Delivery.Kind.NOTICE:
            assert delivery.status == Delivery.Status.CANCELLED
            assert delivery.cancel_reason == Delivery.CancelReason.ERASED
    # The links of past emails open nothing now.
    assert client.get(data_page).status_code == 400
    assert client.post(stop_link).status_code == 400
    # Nobody else was touched.
    assert "omar@example.net" in stored and "Omar Other" in stored and "OMAR-LETTER-TEXT" in stored
    assert Consent.objects.filter(supporter=other.supporter).exists()


def test_erasure_needs_the_box_ticked(case: Case, client: Client) -> None:
    action = writer(case, email=EMAIL, name=NAME, body=LETTER)
    assert action.supporter is not None

    response = client.post(data_url(action.supporter, "erase"), {})

    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    supporter = Supporter.objects.get(pk=action.supporter.pk)
    assert supporter.email == EMAIL and supporter.erased_at is None
    assert Action.objects.get(pk=action.pk).body == LETTER
    assert Consent.objects.filter(supporter=supporter).exists()


def test_erasure_needs_a_post(case: Case, client: Client) -> None:
    action = writer(case, email=EMAIL, name=NAME, body=LETTER)
    assert action.supporter is not None

    response = client.get(data_url(action.supporter, "erase"))

    assert response.status_code == 405
    assert Supporter.objects.get(pk=action.supporter.pk).email == EMAIL


def test_a_print_run_not_yet_posted_is_made_again_without_the_erased_letter(
    case: Case, client: Client, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    erin = writer(case, email=EMAIL, name=NAME, body=LETTER, channel=Channel.LETTER)
    writer(
        case,
        email="omar@example.net",
        name="Omar Other",
        body="Dear Sir, Omar writes for Shawkan: OMAR-LETTER-TEXT.",
        channel=Channel.LETTER,
    )
    target = Target.objects.get(case=case)
    with django_capture_on_commit_callbacks(execute=True):
        run = print_run_create(
            case=case, kind=PrintRun.Kind.LETTERS, target=target, user_id=staff_user("printer").pk
        )
    assert run is not None
    run.refresh_from_db()
    assert run.status == PrintRun.Status.READY and run.item_count == 2
    assert "ERIN-LETTER-TEXT" in _pdf_text(run)
    assert erin.supporter is not None

    with django_capture_on_commit_callbacks(execute=True):
        client.post(data_url(erin.supporter, "erase"), {"confirm": "on"})

    run.refresh_from_db()
    assert run.status == PrintRun.Status.READY
    assert run.item_count == 1
    assert list(run.deliveries.values_list("action__supporter__email", flat=True)) == [
        "omar@example.net"
    ]
    text = _pdf_text(run)
    assert "ERIN-LETTER-TEXT" not in text and NAME not in text
    assert "OMAR-LETTER-TEXT" in text
    # Nor does the cache of rendered PDFs keep a copy.
    cached = list(Path(settings.PDF_CACHE_DIR).glob("*.pdf"))
    assert cached
    for path in cached:
        assert "ERIN-LETTER-TEXT" not in "".join(page_texts(path.read_bytes()))
