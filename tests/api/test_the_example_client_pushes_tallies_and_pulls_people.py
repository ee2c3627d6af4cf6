"""The client in examples/, as a section would run it, against a live server: it pushes a
CSV of offline tallies (twice: counted once) and pulls the section's people as CSV."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import ALL_SCOPES, partner_with_token
from writeathon.actions.models import CountReport
from writeathon.campaigns.models import Campaign
from writeathon.sections.models import Section
from writeathon.supporters.services import supporter_get_or_create

CLIENT = Path(__file__).resolve().parents[2] / "examples" / "writeathon_client.py"


def _run(live_server: Any, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CLIENT), live_server.url, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"WRITEATHON_TOKEN": token, "PATH": "/usr/bin:/bin"},
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_section_pushes_its_tallies_and_pulls_its_people(
    live_server: Any, campaign: Campaign, tmp_path: Path
) -> None:
    crm = partner_with_token("Peru CRM", Section.objects.get(country="PE"), ALL_SCOPES)
    supporter_get_or_create(email="lima@example.net", name="Rosa", country="PE", language="es")
    supporter_get_or_create(email="amman@example.net", name="Omar", country="JO", language="ar")
    sheet = tmp_path / "tallies.csv"
    sheet.write_text(
        "reference,advocacy_campaign,type,count,date,country\n"
        f"lima-7,{campaign.slug}:shawkan,letter,42,2016-12-09,PE\n"
        f"cusco-2,{campaign.slug}:shawkan,signature,13,2016-12-10,PE\n",
        encoding="utf-8",
    )

    first = _run(live_server, crm.plain, "push-tallies", str(sheet))
    assert first.returncode == 0, first.stderr
    assert "lima-7: counted, moved by 42" in first.stdout
    again = _run(live_server, crm.plain, "push-tallies", str(sheet))
    assert again.returncode == 0, again.stderr
    assert sorted(CountReport.objects.values_list("count", flat=True)) == [13, 42]

    pulled = _run(live_server, crm.plain, "pull-people")
    assert pulled.returncode == 0, pulled.stderr
    rows = list(csv.DictReader(io.StringIO(pulled.stdout)))
    assert [r["email"] for r in rows] == ["lima@example.net"]

    refused = _run(live_server, "wat_wrong", "pull-people")
    assert refused.returncode == 1
    assert "401" in refused.stderr
