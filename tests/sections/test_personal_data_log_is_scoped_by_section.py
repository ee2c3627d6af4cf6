"""The personal-data access log names the records staff looked at: a section's staff see
the looks of their own section's staff only, international staff every look."""

from __future__ import annotations

from tests.sections.conftest import Actor, People
from tests.sections.scoped_records import grant
from writeathon.core.models import PersonalDataAccess

LIST = "/admin/core/personaldataaccess/"


def test_section_staff_see_their_own_sections_looks_only(
    peru_staff: Actor,
    jordan_staff: Actor,
    international_staff: Actor,
    unplaced_staff: Actor,
    people: People,
) -> None:
    # Each looks at a supporter of their own section (logged by the admin).
    assert (
        peru_staff.client.get(f"/admin/supporters/supporter/{people.rosa.pk}/change/").status_code
        == 200
    )
    assert (
        jordan_staff.client.get(
            f"/admin/supporters/supporter/{people.layla.pk}/change/"
        ).status_code
        == 200
    )
    assert (
        international_staff.client.get(
            f"/admin/supporters/supporter/{people.claire.pk}/change/"
        ).status_code
        == 200
    )
    looks = {row.username: row for row in PersonalDataAccess.objects.filter(what="supporter")}
    assert set(looks) == {"paola", "yousef", "ines"}
    for actor in (peru_staff, jordan_staff, international_staff, unplaced_staff):
        grant(actor.user, "core.view_personaldataaccess")

    peru_page = peru_staff.client.get(LIST).content.decode()
    assert f"{LIST}{looks['paola'].pk}/change/" in peru_page
    assert f"{LIST}{looks['yousef'].pk}/change/" not in peru_page
    assert f"{LIST}{looks['ines'].pk}/change/" not in peru_page
    assert peru_staff.client.get(f"{LIST}{looks['yousef'].pk}/change/").status_code == 404
    searched = peru_staff.client.get(LIST, {"q": str(people.layla.pk)}).content.decode()
    assert f"{LIST}{looks['yousef'].pk}/change/" not in searched

    jordan_page = jordan_staff.client.get(LIST).content.decode()
    assert f"{LIST}{looks['yousef'].pk}/change/" in jordan_page
    assert f"{LIST}{looks['paola'].pk}/change/" not in jordan_page

    everyone = international_staff.client.get(LIST).content.decode()
    for look in looks.values():
        assert f"{LIST}{look.pk}/change/" in everyone

    nobody = unplaced_staff.client.get(LIST).content.decode()
    for look in looks.values():
        assert f"{LIST}{look.pk}/change/" not in nobody
