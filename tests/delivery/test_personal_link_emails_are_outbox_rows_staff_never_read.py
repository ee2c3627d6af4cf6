"""The confirmation and data-page link emails are outbox rows like every other email: tried,
retried and dead-lettered by the workers, listed on the staff outbox. Their link opens a
supporter's data or counts their actions, so the row never holds it and staff never see
the email's text; a look at the row is still logged as a look at personal data."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.delivery.outbox import mail_sent, outbox_pass
from tests.delivery.refusals import RefusingServer, refused_confirmations
from tests.delivery.staff import OUTBOX, signed_in, staff_user
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.models import PersonalDataAccess
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery, DeliveryAttempt
from writeathon.delivery.selectors import confirmations_refused_count
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.intake import action_submit, supporter_confirm
from writeathon.usecases.privacy import data_link_request

pytestmark = pytest.mark.django_db

NEWCOMER = "newcomer@example.net"
LINKS = re.compile(r"http://testserver(/(?:confirm|my-data)/[^\s\"<]+/)")


def _row_text(delivery: Delivery) -> str:
    """Everything the database holds of the row and its tries."""
    tries = list(delivery.tries.values_list("error", flat=True))
    return json.dumps([delivery.payload, delivery.recipient, delivery.last_error, tries])


def _a_newcomer_signs(case: Case, email: str = NEWCOMER) -> Action:
    return action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email=email,
        name="Nour Newcomer",
        country="FR",
        language="en",
        base_url="http://testserver",
    ).action


@pytest.mark.django_db(transaction=True)
def test_a_refused_confirmation_is_a_dead_letter_with_its_try_and_the_reason(
    case: Case, refusing_mail_server: RefusingServer
) -> None:
    before = timezone.now()
    refused_confirmations(case, 1)
    dead = Delivery.objects.get()
    assert (dead.kind, dead.channel, dead.status) == (
        Delivery.Kind.CONFIRMATION,
        Channel.EMAIL,
        Delivery.Status.DEAD,
    )
    assert dead.attempts == 1
    [attempt] = dead.tries.all()
    assert attempt.outcome == DeliveryAttempt.Outcome.DEAD
    assert "554" in attempt.error and "554" in dead.last_error
    assert "/confirm/" not in _row_text(dead)
    assert confirmations_refused_count(since=before) == 1


def test_the_email_is_written_when_sent_and_the_row_never_holds_the_link(case: Case) -> None:
    action = _a_newcomer_signs(case)
    row = Delivery.objects.get()
    assert (row.kind, row.action_id, row.recipient) == (
        Delivery.Kind.CONFIRMATION,
        action.pk,
        NEWCOMER,
    )
    assert mail.outbox == []  # nothing went with the request
    [message] = mail_sent()
    [link] = LINKS.findall(str(message.body))
    assert link.startswith("/confirm/")
    row.refresh_from_db()
    assert row.status == Delivery.Status.DELIVERED
    assert link not in _row_text(row) and "/confirm/" not in _row_text(row)
    assert message.extra_headers["Message-ID"] == row.message_id


def test_a_confirmation_no_longer_needed_is_called_off_unsent(case: Case) -> None:
    action = _a_newcomer_signs(case)
    assert action.supporter is not None
    supporter_confirm(supporter=action.supporter)  # confirmed another way before it went
    assert [m for m in mail_sent() if "/confirm/" in str(m.body)] == []
    row = Delivery.objects.get(kind=Delivery.Kind.CONFIRMATION)
    assert (row.status, row.cancel_reason, row.attempts) == (
        Delivery.Status.CANCELLED,
        Delivery.CancelReason.NOT_NEEDED,
        0,
    )
    assert not row.tries.exists()


def test_a_double_request_queues_one_email(case: Case) -> None:
    _a_newcomer_signs(case)
    _a_newcomer_signs(case)
    assert Delivery.objects.filter(kind=Delivery.Kind.CONFIRMATION).count() == 1
    assert len(mail_sent()) == 1


def test_a_data_link_sent_late_still_expires_a_day_after_it_was_asked_for() -> None:
    supporter_get_or_create(email=NEWCOMER, name="Nour", country="FR", language="en")
    asked = timezone.now()
    data_link_request(email=NEWCOMER, base_url="http://testserver", language="en")
    row = Delivery.objects.get(kind=Delivery.Kind.DATA_LINK)
    assert "/my-data/" not in _row_text(row)
    with time_machine.travel(asked + timedelta(hours=20)):
        outbox_pass()  # sent twenty hours late (a worker was away)
        [message] = mail.outbox
        [link] = LINKS.findall(str(message.body))
        assert link.startswith("/my-data/")
        assert Client().get(link).status_code == 200
    with time_machine.travel(asked + timedelta(hours=24, minutes=1)):
        assert Client().get(link).status_code == 400


def test_staff_find_them_by_kind_but_never_read_them(case: Case) -> None:
    _a_newcomer_signs(case)
    supporter_get_or_create(email="amal@example.net", name="Amal", country="FR", language="en")
    data_link_request(email="amal@example.net", base_url="http://testserver", language="en")
    links = LINKS.findall(" ".join(str(m.body) for m in mail_sent()))
    assert len(links) == 2
    staff = signed_in(staff_user("outbox-staff"))

    listing = staff.get(OUTBOX, {"kind": Delivery.Kind.CONFIRMATION})
    assert listing.status_code == 200
    confirmation = Delivery.objects.get(kind=Delivery.Kind.CONFIRMATION)
    data_link = Delivery.objects.get(kind=Delivery.Kind.DATA_LINK)
    page = listing.content.decode()
    assert f"/staff/outbox/{confirmation.pk}/" in page
    assert f"/staff/outbox/{data_link.pk}/" not in page
    assert staff.get(OUTBOX, {"kind": "no-such-kind"}).status_code == 400

    for row in (confirmation, data_link):
        looks = PersonalDataAccess.objects.count()
        detail = staff.get(f"{OUTBOX}{row.pk}/")
        assert detail.status_code == 200
        text = detail.content.decode()
        assert "This email contains a personal link: it is not shown." in text
        assert "Delivered" in text
        for link in links:
            assert link not in text
        assert PersonalDataAccess.objects.count() == looks + 1
