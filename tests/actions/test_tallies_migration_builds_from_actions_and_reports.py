"""The migration that gives the tallies their keys builds them from the confirmed actions and
counted reports (not from the old per-case figures), and going back folds them into one row
per case again."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("actions", "0006_count_reports")]
AFTER = [("actions", "0011_tally_rollups_from_tallies")]


def _state(target: list[tuple[str, str]]) -> Any:
    """Migrate actions to `target` (the other apps stay at their latest) and return the
    models as they are then."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    executor.loader.build_graph()
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != "actions"]
    return executor.loader.project_state([*others, *target]).apps


@pytest.mark.django_db(transaction=True)
def test_tallies_by_key_come_from_actions_and_reports_and_fold_back() -> None:
    old = _state(BEFORE)
    campaign = old.get_model("campaigns", "Campaign").objects.create(
        slug="w4r-migration", name="W4R", goal=10
    )
    case = old.get_model("campaigns", "Case").objects.create(
        campaign=campaign, slug="one", name="One", category="prisoner"
    )
    section = old.get_model("sections", "Section").objects.create(
        name="Peru", country="PE", short_name="PE"
    )
    supporter_model = old.get_model("supporters", "Supporter")
    action_model = old.get_model("actions", "Action")
    moment = datetime(2016, 12, 10, 12, tzinfo=UTC)
    for n, (channel, status) in enumerate(
        [
            ("email", "confirmed"),
            ("email", "confirmed"),
            ("letter", "confirmed"),
            ("email", "pending"),
        ]
    ):
        supporter = supporter_model.objects.create(
            email=f"m{n}@example.net", name="W", country="PE", section=section
        )
        action_model.objects.create(
            campaign=campaign,
            case=case,
            supporter=supporter,
            channel=channel,
            source="online",
            status=status,
            country="PE",
            language="en",
            signer_name="W",
            confirmed_at=moment if status == "confirmed" else None,
        )
    old.get_model("actions", "CountReport").objects.create(
        reference="event:1",
        source="event",
        campaign=campaign,
        case=case,
        channel="letter",
        country="JP",
        day=date(2016, 12, 11),
        count=40,
    )
    # The old per-case figure was wrong: the migration counts the facts, not it.
    old.get_model("actions", "Tally").objects.create(campaign=campaign, case=case, shard=3, total=7)

    new = _state(AFTER)
    rows = {
        (t.section_id, t.channel, t.source, str(t.country), t.day): t.total
        for t in new.get_model("actions", "Tally").objects.filter(case_id=case.pk)
    }
    assert rows == {
        (section.pk, "email", "online", "PE", date(2016, 12, 10)): 2,
        (section.pk, "letter", "online", "PE", date(2016, 12, 10)): 1,
        (None, "letter", "event", "JP", date(2016, 12, 11)): 40,
    }
    by_country = new.get_model("actions", "TallyByCountry").objects.filter(case_id=case.pk)
    assert sum(t.total for t in by_country) == 43
    by_day = new.get_model("actions", "TallyByDay").objects.filter(case_id=case.pk)
    assert {t.day: t.total for t in by_day if t.channel == "letter" and t.source == "event"} == {
        date(2016, 12, 11): 40
    }

    back = _state(BEFORE)
    folded = back.get_model("actions", "Tally").objects.filter(case_id=case.pk)
    assert [(t.shard, t.total) for t in folded] == [(0, 43)]

    # Back to the latest, for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
