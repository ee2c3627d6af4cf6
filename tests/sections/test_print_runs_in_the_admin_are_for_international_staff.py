"""A print run holds letters of every section's writers in one PDF: in the admin, as on the
staff outbox, only international staff see print runs."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from tests.sections.conftest import Actor
from tests.sections.scoped_records import grant, held_message
from writeathon.campaigns.models import Case
from writeathon.delivery.models import PrintRun
from writeathon.delivery.services import print_run_create
from writeathon.usecases.moderation import moderation_decide

LIST = "/admin/delivery/printrun/"


def test_only_international_staff_see_print_runs_in_the_admin(
    peru_staff: Actor, unplaced_staff: Actor, international_staff: Actor, case: Case
) -> None:
    maker = get_user_model().objects.create_superuser(username="printer", password="pw-pr-1")
    for email, name, country in (
        ("rosa@peru.example", "Rosa Quispe", "PE"),
        ("layla@jordan.example", "Layla Haddad", "JO"),
    ):
        message = held_message(
            case, email=email, name=name, country=country, body="Courage, Shawkan! We are with you."
        )
        moderation_decide(delivery_ids=[message.pk], approve=True, note="", user_id=maker.pk)
    run = print_run_create(case=case, kind=PrintRun.Kind.CARDS, target=None, user_id=int(maker.pk))
    assert run is not None
    for actor in (peru_staff, unplaced_staff, international_staff):
        grant(actor.user, "delivery.view_printrun")

    for actor in (peru_staff, unplaced_staff):
        assert actor.client.get(LIST).status_code == 403, actor.name
        assert actor.client.get(f"{LIST}{run.pk}/change/").status_code in {403, 404}, actor.name
        index = actor.client.get("/admin/").content.decode()
        assert LIST not in index, actor.name

    assert international_staff.client.get(LIST).status_code == 200
    assert international_staff.client.get(f"{LIST}{run.pk}/change/").status_code == 200
