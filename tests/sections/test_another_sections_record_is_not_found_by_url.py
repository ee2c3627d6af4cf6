"""A record of another section is not found, even by typing its address: nothing is shown,
changed or logged. The same pages open for the staff of the record's own section."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from tests.sections.conftest import Actor, People
from writeathon.actions.models import Action
from writeathon.core.models import PersonalDataAccess
from writeathon.sections.models import Section
from writeathon.supporters.models import Consent, Supporter

pytestmark = pytest.mark.django_db


def _pages(supporter: Supporter) -> list[str]:
    action = Action.objects.get(supporter=supporter)
    consent = Consent.objects.get(supporter=supporter)
    return [
        f"/admin/supporters/supporter/{supporter.pk}/change/",
        f"/admin/supporters/supporter/{supporter.pk}/history/",
        f"/admin/supporters/supporter/{supporter.pk}/delete/",
        f"/admin/actions/action/{action.pk}/change/",
        f"/admin/supporters/consent/{consent.pk}/change/",
    ]


def test_peru_staff_cannot_open_a_jordanian_supporter(peru_staff: Actor, people: People) -> None:
    for path in _pages(people.layla):
        response = peru_staff.client.get(path)
        assert response.status_code == 404, path
        assert "layla" not in response.content.decode().lower(), path
    assert not PersonalDataAccess.objects.exists()


def test_peru_staff_open_a_peruvian_supporter(peru_staff: Actor, people: People) -> None:
    for path in _pages(people.rosa):
        assert peru_staff.client.get(path).status_code == 200, path


def test_peru_staff_cannot_change_or_delete_a_jordanian_supporter(
    peru_staff: Actor, people: People
) -> None:
    layla = people.layla
    change = peru_staff.client.post(
        f"/admin/supporters/supporter/{layla.pk}/change/",
        {"name": "Changed", "country": "PE", "language": "en", "section": ""},
    )
    delete = peru_staff.client.post(
        f"/admin/supporters/supporter/{layla.pk}/delete/", {"post": "yes"}
    )
    assert (change.status_code, delete.status_code) == (404, 404)
    layla.refresh_from_db()
    assert layla.name == "Layla Haddad"
    assert layla.section is not None and layla.section.country.code == "JO"


def test_peru_staff_cannot_move_a_supporter_into_another_section(
    peru_staff: Actor, jordan: Section, people: People
) -> None:
    rosa = people.rosa
    response = peru_staff.client.post(
        f"/admin/supporters/supporter/{rosa.pk}/change/",
        {
            "name": rosa.name,
            "country": "PE",
            "language": "en",
            "section": str(jordan.pk),
            "consents-TOTAL_FORMS": "0",
            "consents-INITIAL_FORMS": "1",
            "consents-MIN_NUM_FORMS": "0",
            "consents-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert "Select a valid choice" in response.content.decode()
    rosa.refresh_from_db()
    assert rosa.section is not None and rosa.section.country.code == "PE"


def test_the_permission_checks_refuse_another_sections_record_too(
    peru_staff: Actor, people: People
) -> None:
    """A second guard, should a page ever fetch a record without the scoped queryset."""
    request = RequestFactory().get("/admin/")
    request.user = peru_staff.user
    supporter_admin = admin.site.get_model_admin(Supporter)
    assert supporter_admin.has_view_permission(request, people.rosa)
    assert supporter_admin.has_change_permission(request, people.rosa)
    for check in (
        supporter_admin.has_view_permission,
        supporter_admin.has_change_permission,
        supporter_admin.has_delete_permission,
    ):
        assert not check(request, people.layla)
    action_admin = admin.site.get_model_admin(Action)
    assert not action_admin.has_view_permission(request, Action.objects.get(supporter=people.layla))
