"""The outbox page tells staff what needs them: rows whose worker's claim ran out, rows
near the attempt limit, parked rows, dead letters per hour over the last day, and the
confirmation emails the mail server refused."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.delivery.outbox import confirmed_action
from tests.delivery.refusals import RefusingServer, refused_confirmations
from tests.delivery.staff import OUTBOX, refused_letter, signed_in, staff_user
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import delivery_claim
from writeathon.sections.models import Section


def _figure(page: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}"[^>]*>([^<]*)<', page)
    assert found, f"no figure {name}"
    return found.group(1).strip()


def _outbox_in_need(case: Case, settings: Any) -> None:
    settings.DELIVERY_MAX_ATTEMPTS = 3
    refused_letter(case, email="dead1@example.net")
    refused_letter(case, email="dead2@example.net")
    # Failed once of three tries: near the limit.
    refused_letter(case, email="failing@example.net", error="421 busy", permanent=False)
    # A worker took a letter and stopped: its claim has run out.
    confirmed_action(case, email="stranded@example.net")
    assert len(delivery_claim(worker_id="stopped")) == 1
    Delivery.objects.filter(claimed_by="stopped").update(
        lease_until=timezone.now() - timedelta(seconds=5)
    )


@pytest.mark.django_db(transaction=True)
def test_staff_see_what_needs_them(
    case: Case, settings: Any, refusing_mail_server: RefusingServer
) -> None:
    refused_confirmations(case, 3)
    staff = signed_in(staff_user("outbox-staff"))
    _outbox_in_need(case, settings)

    page = staff.get(OUTBOX).content.decode()

    assert _figure(page, "leases-expired") == "1"
    assert _figure(page, "near-limit") == "1"
    # Two letters and the three refused confirmation emails, dead letters all.
    assert _figure(page, "dead-24h") == "5"
    assert _figure(page, "confirmations-refused") == "3"
    assert _figure(page, "parked") == "0"
    # Dead letters per hour, 24 bars drawn with classes (the CSP forbids inline styles).
    chart = page.split('class="bar-chart dead-per-hour"')[1].split("</ol>")[0]
    assert chart.count('class="bar-row') == 24
    assert "style=" not in chart
    assert 'class="bar w-100"' in chart  # this hour, the busiest
    assert "5 dead letters" in chart


@pytest.mark.django_db(transaction=True)
def test_an_hour_ago_is_in_its_own_bar_and_a_day_ago_is_gone(case: Case, settings: Any) -> None:
    staff = signed_in(staff_user("outbox-staff"))
    with time_machine.travel(timezone.now() - timedelta(hours=30), tick=False):
        refused_letter(case, email="long-ago@example.net")
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        refused_letter(case, email="earlier@example.net")
    page = staff.get(OUTBOX).content.decode()
    assert _figure(page, "dead-24h") == "1"
    chart = page.split('class="bar-chart dead-per-hour"')[1].split("</ol>")[0]
    assert chart.count('class="bar w-100"') == 1
    assert chart.count('class="bar w-0"') == 23


@pytest.mark.django_db(transaction=True)
def test_a_sections_staff_count_their_sections_deliveries_only(case: Case, settings: Any) -> None:
    # The writers of these letters belong to no section: not Peru's staff's to count.
    peru = signed_in(staff_user("peru-staff", section=Section.objects.get(country="PE")))
    _outbox_in_need(case, settings)
    page = peru.get(OUTBOX).content.decode()
    assert _figure(page, "leases-expired") == "0"
    assert _figure(page, "dead-24h") == "0"


@pytest.mark.django_db
def test_staff_without_permission_and_visitors_see_nothing(
    other_staff: Client, client: Client
) -> None:
    assert other_staff.get(OUTBOX).status_code == 403
    assert client.get(OUTBOX).status_code == 302
