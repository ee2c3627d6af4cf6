"""A section's coordinator prints the letters its own supporters wrote, and nothing of
another section's: Paola (Peru) and Yousef (Jordan) coordinate, Ines is international."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sections.roles import posted_letter, role_actor
from writeathon.campaigns.models import Campaign, Target
from writeathon.delivery.models import Delivery, PrintRun
from writeathon.sections.models import Section

RUNS = "/staff/outbox/print-runs/"


def test_a_coordinator_prints_their_sections_letters_only(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    target = Target.objects.exclude(postal_address="").select_related("case").first()
    assert target is not None
    case = target.case
    rosa = posted_letter(case, email="rosa@peru.example", name="Rosa Quispe", country="PE")
    layla = posted_letter(case, email="layla@jordan.example", name="Layla Haddad", country="JO")
    peru = Section.objects.get(country="PE")
    paola = role_actor("paola", "section_coordinator", section=peru)
    yousef = role_actor("yousef", "section_coordinator", section=Section.objects.get(country="JO"))
    ines = role_actor("ines", "international_coordinator", international=True)

    page = paola.client.get(RUNS)
    assert page.status_code == 200
    assert page.context["waiting_letters"][0].count == 1  # Rosa's, not Layla's

    with django_capture_on_commit_callbacks(execute=True):
        response = paola.client.post(
            f"{RUNS}new/", {"case": str(case.pk), "target": str(target.pk), "kind": "letters"}
        )
    assert response.status_code == 302
    run = PrintRun.objects.get()
    assert run.section == peru
    assert list(run.deliveries.values_list("pk", flat=True)) == [rosa.pk]
    layla.refresh_from_db()
    assert layla.status == Delivery.Status.QUEUED  # still waiting for Jordan

    # Jordan's coordinator neither sees nor downloads Peru's run, nor posts it.
    assert run not in list(yousef.client.get(RUNS).context["page"].object_list)
    assert yousef.client.get(f"{RUNS}{run.pk}/pdf").status_code == 404
    assert yousef.client.post(f"{RUNS}{run.pk}/posted/", {"confirm": "on"}).status_code == 404
    assert yousef.client.get(f"/admin/delivery/printrun/{run.pk}/change/").status_code in {
        403,
        404,
    }
    download: Any = paola.client.get(f"{RUNS}{run.pk}/pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # read, so closed
    # International staff see every section's runs.
    assert run in list(ines.client.get(RUNS).context["page"].object_list)
    assert ines.client.get("/admin/delivery/printrun/").status_code == 200


@pytest.mark.django_db
def test_staff_of_no_section_print_nothing(campaign: Campaign) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import Client

    user = get_user_model().objects.create_user(username="drifter", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_delivery"]))
    client = Client()
    client.force_login(user)
    assert client.get(RUNS).status_code == 403
