"""Several processes count actions for the same case, channels and countries at the same
moment (as several web workers at a peak): the tallies equal the actions, key by key."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum

from writeathon.actions.models import Action, Tally
from writeathon.actions.tallies import tallies_reconcile
from writeathon.campaigns.services import sample_campaign_load

PROCESSES = 4
ACTIONS_PER_PROCESS = 60
REPO = Path(__file__).resolve().parents[2]

# Each process records its actions through the one way in, half counted at once (the
# owner's), half left waiting and then confirmed, after waiting for a common start time.
WRITER = """
import sys, time
import django
django.setup()
from writeathon.actions.services import action_record
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.intake import action_count

case = Case.objects.get(pk=int(sys.argv[1]))
writer, count, start = sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
time.sleep(max(0.0, start - time.time()))
for i in range(count):
    country = ("FR", "MX", "EG")[i % 3]
    supporter, _ = supporter_get_or_create(
        email=f"w{writer}-{i}@example.net", name="Writer", country=country, language="en"
    )
    recorded = action_record(
        source=Source.ONLINE,
        case=case,
        channel=(Channel.SIGNATURE, Channel.SOLIDARITY)[i % 2],
        supporter=supporter,
        by_owner=i % 4 != 3,
        country=country,
        language="en",
        signer_name="Writer",
    )
    if not recorded.counted:
        action_count(action_id=recorded.action.pk)
"""


def _database_env() -> dict[str, str]:
    from tests.conftest import command_env

    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    url = f"postgres://{user}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"
    return command_env(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="writeathon.settings",
        SECRET_KEY="concurrent-tallies-test-key-" + "x" * 30,
        LOG_LEVEL="WARNING",
    )


@pytest.mark.django_db(transaction=True)
def test_tallies_equal_the_actions_after_concurrent_writes_from_several_processes() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time: concurrency is PostgreSQL's test")
    case = sample_campaign_load().cases.get(slug="shawkan")
    env = _database_env()
    start = time.time() + 3  # every process connected and waiting by then
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(case.pk),
                str(n),
                str(ACTIONS_PER_PROCESS),
                str(start),
            ],
            env=env,
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err[-3000:]

    confirmed = Action.objects.filter(case=case, status=Action.Status.CONFIRMED).count()
    assert confirmed == PROCESSES * ACTIONS_PER_PROCESS
    assert Tally.objects.filter(case=case).aggregate(n=Sum("total"))["n"] == confirmed
    # Key by key (section, channel, source, country, day) too: nothing to repair.
    assert tallies_reconcile(campaign=case.campaign) == []
    # The busiest keys took their increments on several shards, not one row.
    busiest = (
        Tally.objects.filter(case=case, channel="signature", country="FR")
        .values_list("shard", flat=True)
        .distinct()
    )
    assert len(busiest) > 1
