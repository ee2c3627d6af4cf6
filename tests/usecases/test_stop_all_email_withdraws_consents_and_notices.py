""" "Stop all email" withdraws every consent, cancels the notices waiting in the outbox, and
no notice is made after it; letters to officials still go."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from tests.delivery.outbox import outbox_pass
from tests.supporters.people import data_url, writer
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Consent, Supporter

pytestmark = pytest.mark.django_db


def test_stop_withdraws_consents_and_no_notice_is_made_afterwards(
    case: Case, client: Client
) -> None:
    action = writer(case, email="stop@example.net")
    other = writer(case, email="keep@example.net")
    assert action.supporter is not None
    page = data_url(action.supporter)

    response = client.post(data_url(action.supporter, "stop-email"))

    assert response.status_code == 302
    assert response["Location"] == page
    supporter = Supporter.objects.get(pk=action.supporter.pk)
    assert supporter.email_stopped_at is not None
    assert not Consent.objects.filter(supporter=supporter, withdrawn_at__isnull=True).exists()
    assert Consent.objects.filter(supporter=other.supporter, withdrawn_at__isnull=True).exists()
    assert "Stopped on" in client.get(page).content.decode()

    outbox_pass()  # the letters reach the official
    outbox_pass()  # the notices, if any

    assert Delivery.objects.filter(action=action, kind=Delivery.Kind.LETTER).exists()
    assert all(
        d.status == Delivery.Status.DELIVERED
        for d in Delivery.objects.filter(action=action, kind=Delivery.Kind.LETTER)
    )
    assert not Delivery.objects.filter(action=action, kind=Delivery.Kind.NOTICE).exists()
    assert Delivery.objects.filter(action=other, kind=Delivery.Kind.NOTICE).exists()
    recipients = [address for message in mail.outbox for address in message.to]
    assert "stop@example.net" not in recipients
    assert "keep@example.net" in recipients


def test_stop_cancels_a_notice_already_waiting(case: Case, client: Client) -> None:
    action = writer(case, email="late@example.net")
    assert action.supporter is not None
    outbox_pass()  # the letter: its notice now waits in the outbox
    notice = Delivery.objects.get(action=action, kind=Delivery.Kind.NOTICE)
    assert notice.status == Delivery.Status.QUEUED

    client.post(data_url(action.supporter, "stop-email"))
    mail.outbox.clear()
    outbox_pass()

    notice.refresh_from_db()
    assert notice.status == Delivery.Status.CANCELLED
    assert notice.cancel_reason == Delivery.CancelReason.EMAIL_STOPPED
    assert mail.outbox == []


def test_stopping_twice_changes_nothing_more(case: Case, client: Client) -> None:
    action = writer(case, email="twice@example.net")
    assert action.supporter is not None
    client.post(data_url(action.supporter, "stop-email"))
    first = Supporter.objects.get(pk=action.supporter.pk).email_stopped_at

    response = client.post(data_url(action.supporter, "stop-email"))

    assert response.status_code == 302
    assert Supporter.objects.get(pk=action.supporter.pk).email_stopped_at == first


def test_stop_needs_a_post(case: Case, client: Client) -> None:
    action = writer(case, email="get@example.net")
    assert action.supporter is not None

    response = client.get(data_url(action.supporter, "stop-email"))

    assert response.status_code == 405
    assert Supporter.objects.get(pk=action.supporter.pk).email_stopped_at is None
