"""Upgrading moves each campaign's old dates and open/closed state into its window: open
campaigns follow their dates from now on, and one closed by hand stays closed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("campaigns", "0003_case_solidarity_needs_review")]
AFTER = [("campaigns", "0004_campaign_calendar")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_old_dates_become_windows_and_closed_stays_closed() -> None:
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    Campaign = old.get_model("campaigns", "Campaign")
    Campaign.objects.create(
        slug="edition-2016",
        name="2016",
        status="open",
        starts_on=date(2016, 10, 5),
        ends_on=date(2017, 1, 31),
    )
    Campaign.objects.create(
        slug="running",
        name="Running",
        status="open",
        starts_on=date(2020, 11, 1),
        ends_on=date(2999, 1, 31),
    )
    Campaign.objects.create(
        slug="closed-by-hand",
        name="Closed early",
        status="closed",
        starts_on=date(2020, 11, 1),
        ends_on=date(2999, 1, 31),
    )
    Campaign.objects.create(slug="draft", name="Draft", status="draft")
    try:
        new = _migrate(AFTER).loader.project_state(AFTER).apps
        Migrated = new.get_model("campaigns", "Campaign")
        now = timezone.now()
        rows = {c.slug: c for c in Migrated.objects.all()}
        edition = rows["edition-2016"]
        assert edition.status == "published"
        assert edition.opens_at == datetime(2016, 10, 5, tzinfo=UTC)
        assert edition.closes_at == datetime(2017, 2, 1, tzinfo=UTC)  # the end of 31 January
        assert edition.edition_year == 2016
        assert rows["running"].closes_at == datetime(2999, 2, 1, tzinfo=UTC)
        early = rows["closed-by-hand"]
        assert early.status == "published" and early.closes_at <= now
        assert rows["draft"].status == "draft" and rows["draft"].opens_at is None

        # And back: the dates and states return.
        back = _migrate(BEFORE).loader.project_state(BEFORE).apps
        Reverted = back.get_model("campaigns", "Campaign")
        states = dict(Reverted.objects.values_list("slug", "status"))
        assert states == {
            "edition-2016": "closed",
            "running": "open",
            "closed-by-hand": "closed",
            "draft": "draft",
        }
        assert Reverted.objects.get(slug="edition-2016").ends_on == date(2017, 1, 31)
    finally:
        # Every app to its latest migration, as the rest of the suite expects.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
