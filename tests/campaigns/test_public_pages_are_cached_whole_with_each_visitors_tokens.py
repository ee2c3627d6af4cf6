"""The campaign and case pages are rendered once for anonymous visitors and served whole
from the cache, each visitor getting a CSRF token and a one-use form stamp of their own:
the cached page is the same page, its form works with CSRF checks on, a staff edit shows at
once, and an owner's prefilled page is neither taken from nor put in the cache."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.test.signals import template_rendered

from tests.factories import act_form_data, act_url, owner_client
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.campaigns.selectors import content_changed
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import supporter_get_or_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on(settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 10


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STAMP = re.compile(r'name="shown" value="([^"]+)"')


@pytest.fixture
def renders() -> Iterator[list[str]]:
    """The names of the page templates rendered while the test runs."""
    seen: list[str] = []

    def note(sender: Any, template: Any, **kwargs: Any) -> None:
        if template.name in ("campaigns/case.html", "campaigns/campaign.html"):
            seen.append(template.name)

    cache.clear()
    template_rendered.connect(note)
    yield seen
    template_rendered.disconnect(note)


def test_the_second_visitor_gets_the_cached_page_with_tokens_of_their_own(
    case: Case, renders: list[str]
) -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(case.get_absolute_url()).content.decode()
    page_two = second.get(case.get_absolute_url()).content.decode()

    assert renders == ["campaigns/case.html"]  # rendered once, then served whole
    assert TOKEN.findall(page_one) and TOKEN.findall(page_two)
    assert set(TOKEN.findall(page_one)).isdisjoint(TOKEN.findall(page_two))
    assert STAMP.findall(page_one) != STAMP.findall(page_two)
    assert TOKEN.sub("", STAMP.sub("", page_one)) == TOKEN.sub("", STAMP.sub("", page_two))
    assert "csrftoken" in second.cookies


def test_the_form_of_a_cached_page_works_with_csrf_checks_on(case: Case) -> None:
    Client().get(case.get_absolute_url())  # puts the page in the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(case.get_absolute_url()).content.decode()
    data = act_form_data(["signature"], email="cached@example.org")
    data |= {"csrfmiddlewaretoken": TOKEN.findall(page)[0], "shown": STAMP.findall(page)[0]}
    with override_settings(FORM_MIN_SECONDS=0):
        response = visitor.post(act_url(case), data)
    assert response.status_code == 302, response.content[:500]
    assert Action.objects.filter(supporter__email="cached@example.org").exists()


def test_a_staff_edit_shows_at_once(case: Case, renders: list[str]) -> None:
    Client().get(case.get_absolute_url())
    Client().get(case.get_absolute_url())
    assert len(renders) == 1
    case.name = "Mahmoud Abu Zeid (Shawkan)"
    case.save()
    content_changed()
    assert "Mahmoud Abu Zeid (Shawkan)" in Client().get(case.get_absolute_url()).content.decode()
    assert len(renders) == 2


def test_each_language_has_its_own_page(case: Case) -> None:
    english = Client().get(case.get_absolute_url(), headers={"Accept-Language": "en"})
    spanish = Client().get(case.get_absolute_url(), headers={"Accept-Language": "es"})
    assert english["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es"
    assert '<html lang="es"' in spanish.content.decode()


def test_an_owners_prefilled_page_is_never_cached_nor_served_from_the_cache(
    case: Case, renders: list[str]
) -> None:
    supporter, _ = supporter_get_or_create(
        email="owner@example.org", name="Olga Owner", country="FR", language="en"
    )
    Supporter.objects.filter(pk=supporter.pk).update(confirmed_at="2016-12-01T00:00:00Z")
    Client().get(case.get_absolute_url())
    owner_page = owner_client(supporter).get(case.get_absolute_url()).content.decode()
    assert "owner@example.org" in owner_page
    assert "owner@example.org" not in Client().get(case.get_absolute_url()).content.decode()
    assert len(renders) == 2  # the anonymous page once, the owner's own page


def test_the_cache_can_be_turned_off(case: Case, renders: list[str], settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    Client().get(case.get_absolute_url())
    Client().get(case.get_absolute_url())
    assert len(renders) == 2
