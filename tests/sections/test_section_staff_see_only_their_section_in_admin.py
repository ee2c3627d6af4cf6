"""The admin lists show each staff member their own section's supporters, actions and consents."""

from __future__ import annotations

import pytest

from tests.sections.conftest import Actor, People

pytestmark = pytest.mark.django_db

LISTS = ["/admin/supporters/supporter/", "/admin/actions/action/", "/admin/supporters/consent/"]
PERUVIANS = ["Rosa Quispe", "Diego Huaman"]
JORDANIANS = ["Layla Haddad", "Omar Nasser"]


def _shown(actor: Actor, path: str, names: list[str]) -> list[str]:
    response = actor.client.get(path)
    assert response.status_code == 200, (actor.name, path)
    page = response.content.decode()
    return [name for name in names if name in page]


def _page_names(people: People) -> dict[str, list[str]]:
    # The action list shows the signer's name, the supporter and consent lists the address.
    return {
        "/admin/supporters/supporter/": [s.name for s in people.everyone],
        "/admin/actions/action/": [s.name for s in people.everyone],
        "/admin/supporters/consent/": [str(s.email) for s in people.everyone],
    }


def test_peru_staff_see_only_peruvians_in_every_list(peru_staff: Actor, people: People) -> None:
    for path, names in _page_names(people).items():
        assert _shown(peru_staff, path, names) == names[:2], path


def test_jordan_staff_see_only_jordanians_in_every_list(
    jordan_staff: Actor, people: People
) -> None:
    for path, names in _page_names(people).items():
        assert _shown(jordan_staff, path, names) == names[2:4], path


def test_international_staff_see_everyone_in_every_list(
    international_staff: Actor, people: People
) -> None:
    for path, names in _page_names(people).items():
        assert _shown(international_staff, path, names) == names, path


def test_a_search_does_not_reach_past_the_section(peru_staff: Actor, people: People) -> None:
    response = peru_staff.client.get("/admin/supporters/supporter/", {"q": "jordan.example"})
    assert response.status_code == 200
    assert "layla@jordan.example" not in response.content.decode()
    assert "omar@jordan.example" not in response.content.decode()


def test_staff_without_a_section_see_empty_lists(unplaced_staff: Actor, people: People) -> None:
    for path, names in _page_names(people).items():
        assert _shown(unplaced_staff, path, names) == [], path


def test_a_section_choice_offers_only_the_staff_members_own(
    peru_staff: Actor, people: People
) -> None:
    page = peru_staff.client.get(f"/admin/supporters/supporter/{people.rosa.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Writeathon Peru" in html
    assert "Writeathon Jordan" not in html
