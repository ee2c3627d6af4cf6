"""Staff see, decide and export the events of their own section only; international staff
see every section's. Named actors: Peru's staff, Jordan's staff, an international manager,
a host, a visitor."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from tests.events.helpers import emails_to, event_make, host_make
from writeathon.campaigns.models import Campaign
from writeathon.core.models import PersonalDataAccess
from writeathon.events.models import Event, Host
from writeathon.sections.models import Section, StaffMembership

pytestmark = pytest.mark.django_db


def _staff(username: str, section: Section | None, codenames: tuple[str, ...]) -> Client:
    user = get_user_model().objects.create_user(
        username=username, password="pw-1234567890", is_staff=True
    )
    StaffMembership.objects.create(user=user, section=section, is_international=section is None)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="events", codename__in=codenames)
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(campaign: Campaign) -> dict[str, Any]:
    peru, jordan = Section.objects.get(country="PE"), Section.objects.get(country="JO")
    return {
        "lima": event_make(
            campaign,
            host=host_make("lima@example.org", country="PE", trusted=False),
            title="Lima letters",
        ),
        "amman": event_make(
            campaign,
            host=host_make("amman@example.org", country="JO"),
            title="Amman letters",
            country="JO",
            city="Amman",
            time_zone="Asia/Amman",
            kind=Event.Kind.LIBRARY,
        ),
        "paola": _staff("paola", peru, ("view_event", "change_event")),
        "jamal": _staff("jamal", jordan, ("view_event", "change_event")),
        "ines": _staff("ines", None, ("view_event",)),
    }


def test_each_sections_staff_see_only_their_events(world: dict[str, Any]) -> None:
    lima, amman = world["lima"], world["amman"]
    assert world["paola"].get(f"/staff/events/{amman.public_id}/").status_code == 404
    assert world["jamal"].get(f"/staff/events/{amman.public_id}/").status_code == 200
    paola_list = world["paola"].get("/staff/events/").content.decode()
    assert "Lima letters" in paola_list and "Amman letters" not in paola_list
    jamal_list = world["jamal"].get("/staff/events/").content.decode()
    assert "Amman letters" in jamal_list and "Lima letters" not in jamal_list
    ines_list = world["ines"].get("/staff/events/").content.decode()
    assert "Amman letters" in ines_list and "Lima letters" in ines_list

    assert world["jamal"].get(f"/staff/events/{lima.public_id}/").status_code == 404
    refused = world["jamal"].post(
        f"/staff/events/{lima.public_id}/review/", {"decision": "refuse", "reason": "No."}
    )
    assert refused.status_code == 404
    lima.refresh_from_db()
    assert lima.status == Event.Status.PENDING

    filtered = world["ines"].get("/staff/events/?kind=library").content.decode()
    assert "Amman letters" in filtered and "Lima letters" not in filtered
    by_country = world["ines"].get("/staff/events/?country=PE").content.decode()
    assert "Lima letters" in by_country and "Amman letters" not in by_country


def test_staff_export_their_events_as_csv(world: dict[str, Any]) -> None:
    response = world["jamal"].get("/staff/events/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["public_id", "title"]
    assert [row[1] for row in rows[1:]] == ["Amman letters"]
    assert "amman@example.org" in rows[1]
    assert PersonalDataAccess.objects.filter(what="events export").exists()


def test_csv_cells_cannot_run_as_formulas(world: dict[str, Any], campaign: Campaign) -> None:
    event_make(
        campaign,
        host=host_make("f@example.org", country="JO"),
        title="=HYPERLINK(1)",
        country="JO",
        city="Irbid",
    )
    rows = list(
        csv.reader(io.StringIO(world["jamal"].get("/staff/events/export.csv").content.decode()))
    )
    assert "'=HYPERLINK(1)" in [row[1] for row in rows]


def test_section_staff_approve_their_hosts_event_with_a_reason(world: dict[str, Any]) -> None:
    lima = world["lima"]
    missing_reason = world["paola"].post(
        f"/staff/events/{lima.public_id}/review/", {"decision": "refuse", "reason": ""}
    )
    assert missing_reason.status_code == 400
    approved = world["paola"].post(
        f"/staff/events/{lima.public_id}/review/",
        {"decision": "approve", "reason": "", "what": "event"},
    )
    assert approved.status_code == 302
    lima.refresh_from_db()
    assert lima.status == Event.Status.APPROVED
    assert Host.objects.get(email="lima@example.org").status == Host.Status.APPROVED
    assert len(emails_to("lima@example.org")) == 1


def test_refusing_a_host_refuses_their_events_and_says_why(world: dict[str, Any]) -> None:
    lima = world["lima"]
    world["paola"].post(
        f"/staff/events/{lima.public_id}/review/",
        {"decision": "refuse", "reason": "We could not reach your school.", "what": "host"},
    )
    lima.refresh_from_db()
    assert lima.status == Event.Status.REFUSED
    assert Host.objects.get(email="lima@example.org").status == Host.Status.REFUSED
    (email,) = emails_to("lima@example.org")
    assert "We could not reach your school." in email.body


def test_staff_without_the_change_permission_cannot_decide(world: dict[str, Any]) -> None:
    lima = world["lima"]
    response = world["ines"].post(
        f"/staff/events/{lima.public_id}/review/", {"decision": "approve"}
    )
    assert response.status_code == 403


def test_visitors_and_hosts_are_not_staff(world: dict[str, Any]) -> None:
    assert Client().get("/staff/events/").status_code == 302
    assert Client().get("/staff/events/export.csv").status_code == 302
