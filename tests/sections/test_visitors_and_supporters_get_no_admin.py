"""A supporter signed in to the site, and an anonymous visitor, reach no admin list or record:
they are sent to the staff sign-in, and no personal data is in the answer."""

from __future__ import annotations

import pytest

from tests.sections.conftest import Actor, People
from writeathon.actions.models import Action

pytestmark = pytest.mark.django_db


def test_supporter_and_visitor_are_sent_to_sign_in(
    supporter: Actor, anonymous_visitor: Actor, people: People
) -> None:
    rosa = people.rosa
    action = Action.objects.get(supporter=rosa)
    pages = [
        "/admin/",
        "/admin/supporters/supporter/",
        f"/admin/supporters/supporter/{rosa.pk}/change/",
        "/admin/supporters/consent/",
        "/admin/actions/action/",
        f"/admin/actions/action/{action.pk}/change/",
        "/admin/sections/section/",
        "/admin/sections/staffmembership/",
    ]
    for actor in (supporter, anonymous_visitor):
        for path in pages:
            response = actor.client.get(path)
            assert response.status_code == 302, (actor.name, path)
            assert response["Location"].startswith("/admin/login/"), (actor.name, path)
            assert b"Rosa" not in response.content
