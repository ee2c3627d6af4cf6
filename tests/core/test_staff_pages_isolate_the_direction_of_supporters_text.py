"""Where staff read what supporters typed (a name, a subject, a moderator's note naming
them), the text is isolated from the page's direction (<bdi> or dir="auto"): an Arabic name
followed by a number or an English word does not reorder the line around it, on an English
page or an Arabic one."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.sections.scoped_records import held_message
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter
from writeathon.usecases.moderation import moderation_decide

NAME = "ليلى حداد"


class _Occurrences(HTMLParser):
    """For every piece of text (or field) holding `needle`: whether it is isolated."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr"}

    def __init__(self, needle: str) -> None:
        super().__init__()
        self.needle = needle
        self.stack: list[tuple[str, bool]] = []
        self.found: list[tuple[bool, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "input" and self.needle in (found.get("value") or ""):
            self.found.append((found.get("dir") == "auto", "input"))
        if tag in self.VOID:
            return
        isolates = tag == "bdi" or found.get("dir") == "auto"
        self.stack.append((tag, isolates))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if self.needle in data and not any(tag in {"title", "script"} for tag, _ in self.stack):
            inside = " > ".join(tag for tag, _ in self.stack[-3:])
            self.found.append((any(isolates for _, isolates in self.stack), inside))


def _occurrences(html: str) -> list[tuple[bool, str]]:
    parser = _Occurrences(NAME)
    parser.feed(html)
    return parser.found


@pytest.fixture
def staff(db: Any) -> Client:
    user = get_user_model().objects.create_superuser(username="ines", password="pw-ines-1234")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def message(case: Case, staff: Client) -> Delivery:
    """Layla's held message; a moderator's note names her."""
    delivery = held_message(
        case, email="layla@jordan.example", name=NAME, country="JO", body="Courage 2026!"
    )
    moderator = get_user_model().objects.get(username="ines")
    other_case = Case.objects.filter(campaign=case.campaign).exclude(pk=case.pk).first()
    assert other_case is not None
    held_again = held_message(
        other_case, email="layla@jordan.example", name=NAME, country="JO", body="Stay strong!"
    )
    moderation_decide(
        delivery_ids=[held_again.pk],
        approve=False,
        note=f"{NAME} 2x: too short",
        user_id=moderator.pk,
    )
    return delivery


@pytest.mark.parametrize("language", ["en", "ar"])
def test_staff_pages_isolate_supporters_names(
    staff: Client, message: Delivery, language: str
) -> None:
    decided = Delivery.objects.exclude(pk=message.pk).get(kind=Delivery.Kind.SOLIDARITY)
    supporter = Supporter.objects.get(email="layla@jordan.example")
    pages = [
        "/staff/moderation/",
        f"/staff/moderation/{message.pk}/",
        f"/staff/outbox/{message.pk}/",
        f"/staff/outbox/{decided.pk}/",
        "/admin/supporters/supporter/",
        f"/admin/supporters/supporter/{supporter.pk}/change/",
        "/admin/actions/action/",
    ]
    staff.cookies["writeathon_language"] = language
    for page in pages:
        response = staff.get(page)
        assert response.status_code == 200, page
        found = _occurrences(response.content.decode())
        assert found, f"{page}: the name is not shown"
        bare = [inside for isolated, inside in found if not isolated]
        assert not bare, f"{page}: shown without isolation in {bare}"
