"""The funnel of the staff reports: a case-page view and a form sent are counted in the
cache, never written to the database by the request; the periodic flush moves them into
the table exactly once; deliveries are counted from the outbox. The dashboard shows what
is not flushed yet too, so it is fresh."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.factories import act_form_data, act_url
from tests.reporting.reports import page_table, report_staff
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.reporting.models import FunnelCount
from writeathon.reporting.services import funnel_delivered_refresh, funnel_flush

pytestmark = pytest.mark.django_db


def _funnel(client: Client, query: str = "") -> list[str]:
    html = client.get(f"/staff/reports/{query}").content.decode()
    return [row[1] for row in page_table(html, "funnel")]


def test_views_and_forms_are_counted_in_the_cache_then_flushed_once(case: Case) -> None:
    visitor = Client()
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert visitor.get(case.get_absolute_url()).status_code == 200
        writes = [q["sql"] for q in queries.captured_queries if "reporting_funnel" in q["sql"]]
        assert writes == []
    refused = act_form_data(["email"], email="not an address")
    assert visitor.post(act_url(case), refused).status_code == 400  # started
    confirmed_action(case, Channel.EMAIL, email="writer@example.net")  # one recorded
    assert not FunnelCount.objects.exists()

    staff = report_staff("ines", section=None)
    # Fresh before any flush: the cache's counts are read with the table's.
    assert _funnel(staff)[:4] == ["3", "1", "0", "1"]

    today = timezone.localdate()
    assert funnel_flush(today=today) == 4
    assert funnel_flush(today=today) == 0  # moved once, not twice
    flushed = dict(FunnelCount.objects.values_list("stage", "count"))
    assert flushed == {FunnelCount.Stage.VIEWED: 3, FunnelCount.Stage.STARTED: 1}
    # Another view after the flush adds to it.
    visitor.get(case.get_absolute_url())
    staff_again = report_staff("omar", section=None)
    assert _funnel(staff_again, "?channel=email")[:2] == ["4", "1"]

    # The letter reaches the official: the outbox's count, by case and day.
    outbox_pass()
    assert funnel_delivered_refresh(since=today) == 1
    assert FunnelCount.objects.get(stage=FunnelCount.Stage.DELIVERED).count == 1
    assert funnel_delivered_refresh(since=today) == 1  # recounted, not added again
    assert FunnelCount.objects.get(stage=FunnelCount.Stage.DELIVERED).count == 1
