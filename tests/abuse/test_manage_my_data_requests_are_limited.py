""" "Manage my data" emails a link to any address typed in: limited per client address and per
email address, so that nobody can flood a mailbox or the mail server through it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import SupporterFactory, data_link_form_data
from writeathon.abuse.models import TrafficHour

MANAGE = reverse("supporters:manage")
START = datetime(2030, 11, 20, 10, 30, 30, tzinfo=UTC)


def test_one_address_asked_for_too_often_is_429(
    settings: Any, store: str, django_capture_on_commit_callbacks: Any, db: Any
) -> None:
    settings.RATE_LIMIT_FORM_PER_EMAIL = [(2, 3600)]
    SupporterFactory(email="victim@gmail.com")
    with time_machine.travel(START, tick=False):
        for n, typed in enumerate(["victim@gmail.com", "V.I.C.T.I.M+1@gmail.com"]):
            client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
            with django_capture_on_commit_callbacks(execute=True):
                assert client.post(MANAGE, data_link_form_data(typed)).status_code == 302
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            refused = Client(REMOTE_ADDR="192.0.2.9").post(
                MANAGE, data_link_form_data("victim+2@gmail.com")
            )
    assert refused.status_code == 429
    assert len(mail.outbox) == sent
    domain = TrafficHour.objects.get(kind=TrafficHour.Kind.DOMAIN, value="gmail.com")
    assert (domain.submissions, domain.refused) == (3, 1)


@pytest.mark.django_db
def test_one_client_asking_for_many_addresses_is_429(
    visitor: Client, settings: Any, store: str
) -> None:
    settings.RATE_LIMIT_FORM_PER_IP = [(3, 60)]
    with time_machine.travel(START, tick=False):
        for n in range(3):
            assert (
                visitor.post(MANAGE, data_link_form_data(f"someone{n}@example.com")).status_code
                == 302
            )
        assert visitor.post(MANAGE, data_link_form_data("someone3@example.com")).status_code == 429
        # Reading the page is not limited.
        assert visitor.get(MANAGE).status_code == 200
