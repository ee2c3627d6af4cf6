""" "Manage my data" asks for an address and answers the same whether it is known or not; the
owner of a known address gets one email with the link, at most one every five minutes."""

from __future__ import annotations

import re
from typing import Any
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.delivery.outbox import mail_sent
from tests.factories import SupporterFactory, data_link_form_data
from writeathon.usecases.privacy import DATA_LINK_INTERVAL_SECONDS, supporter_erase

pytestmark = pytest.mark.django_db

MANAGE = reverse("supporters:manage")
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
DATA_LINK = re.compile(r"http://testserver(/my-data/[^\s/]+/)")


def _ask(client: Client, email: str, capture: Any) -> tuple[int, str, str]:
    with capture(execute=True):
        response = client.post(MANAGE, data_link_form_data(email))
    assert response.status_code == 302
    page = client.get(response["Location"])
    # The CSRF token of the language picker is new on each page.
    html = CSRF_TOKEN.sub("", page.content.decode())
    return page.status_code, response["Location"], html


def test_known_and_unknown_addresses_get_the_same_answer(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    SupporterFactory(email="known@example.com")

    known = _ask(client, "Known@Example.com", django_capture_on_commit_callbacks)
    unknown = _ask(client, "unknown@example.com", django_capture_on_commit_callbacks)

    assert known == unknown
    assert "If this address is known to us" in known[2]
    [message] = mail_sent()
    assert message.to == ["known@example.com"]


def test_the_emailed_link_opens_the_data_page(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    SupporterFactory(email="owner@example.com", name="Olga Owner")
    _ask(client, "owner@example.com", django_capture_on_commit_callbacks)

    [message] = mail_sent()
    found = DATA_LINK.search(str(message.body))
    assert found is not None
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/unsubscribe/")
    page = client.get(found.group(1))

    assert page.status_code == 200
    assert "Olga Owner" in page.content.decode()
    assert "owner@example.com" in page.content.decode()


def test_one_email_per_address_every_five_minutes(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    supporter = SupporterFactory(email="flood@example.com")
    calls: list[tuple[str, float]] = []
    real_add = cache.add

    def add(key: str, value: Any, timeout: float) -> bool:
        calls.append((key, timeout))
        return bool(real_add(key, value, timeout))

    with patch.object(cache, "add", add):
        for _ in range(5):
            _ask(client, "Flood@example.com", django_capture_on_commit_callbacks)
    assert len(mail_sent()) == 1
    ours = {call for call in calls if call[0].startswith("data-link-sent:")}
    assert ours == {(f"data-link-sent:{supporter.pk}", DATA_LINK_INTERVAL_SECONDS)}

    # Five minutes later (Redis keeps its own clock: the key is dropped as it would expire).
    cache.delete(f"data-link-sent:{supporter.pk}")
    _ask(client, "flood@example.com", django_capture_on_commit_callbacks)
    assert len(mail_sent()) == 2


def test_an_erased_address_gets_nothing(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    supporter = SupporterFactory(email="gone@example.com")
    supporter_erase(supporter_id=supporter.pk)

    _ask(client, "gone@example.com", django_capture_on_commit_callbacks)

    assert mail_sent() == []


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b@c", "x" * 300 + "@example.com"])
def test_a_malformed_address_is_refused_with_a_clear_error(client: Client, email: str) -> None:
    SupporterFactory(email="known@example.com")

    response = client.post(MANAGE, data_link_form_data(email))

    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert mail_sent() == []


def test_the_form_opens_and_is_linked_from_every_page(client: Client) -> None:
    response = client.get(MANAGE)

    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()
    assert f'href="{MANAGE}"' in client.get(reverse("supporters:manage-sent")).content.decode()
