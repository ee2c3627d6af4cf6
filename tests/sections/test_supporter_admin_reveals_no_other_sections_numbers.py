"""The supporter page in the admin tells a section's staff nothing about other sections.

Whether a phone number is taken is a fact about another section's supporter: Peru's staff
must not learn it by typing numbers into Rosa's record until one is refused. And the
canonical form of an address is derived from the address, never typed by staff.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client

from tests.delivery.texting import with_keywords
from tests.sections.conftest import Actor, People
from writeathon.campaigns.models import Campaign
from writeathon.supporters.models import Supporter
from writeathon.usecases.intake import sms_inbound_handle

JORDANIAN_NUMBER = "+962791234567"


class _FormFields(HTMLParser):
    """The fields a browser would send from the admin's change form, as the page shows them."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        name = found.get("name", "")
        if tag == "input" and name and found.get("type") not in {"submit", "checkbox"}:
            self.data[name] = found.get("value", "")
        elif tag == "input" and name and "checked" in found:
            self.data[name] = found.get("value", "on")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in found:
            self.data[self._select] = found.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def _form_of(client: Client, url: str) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormFields()
    parser.feed(page.content.decode())
    return parser.data


def _jordanian_texter(campaign: Campaign) -> Supporter:
    with_keywords(campaign)
    sms_inbound_handle(message_id="m-jo-1", sender=JORDANIAN_NUMBER, text="SHAWKAN")
    texter = Supporter.objects.get(phone=JORDANIAN_NUMBER)
    assert texter.section is not None and texter.section.country == "JO"
    return texter


def test_section_staff_cannot_probe_another_sections_numbers(
    peru_staff: Actor, people: People, campaign: Campaign
) -> None:
    texter = _jordanian_texter(campaign)
    url = f"/admin/supporters/supporter/{people.rosa.pk}/change/"
    data = _form_of(peru_staff.client, url)
    assert "phone" not in data  # shown, not editable, for a section's staff

    for number in (JORDANIAN_NUMBER, "+51987654321"):
        response = peru_staff.client.post(url, {**data, "phone": number})
        assert response.status_code == 302, response.content.decode()[:3000]
        assert JORDANIAN_NUMBER not in response.content.decode()
    people.rosa.refresh_from_db()
    assert people.rosa.phone is None
    texter.refresh_from_db()
    assert texter.phone == JORDANIAN_NUMBER


def test_nobody_types_the_canonical_address(
    peru_staff: Actor, international_staff: Actor, people: People
) -> None:
    for actor in (peru_staff, international_staff):
        url = f"/admin/supporters/supporter/{people.rosa.pk}/change/"
        data = _form_of(actor.client, url)
        assert "email_canonical" not in data, actor.name
        response = actor.client.post(url, {**data, "email_canonical": "diego@peru.example"})
        assert response.status_code == 302, actor.name
        people.rosa.refresh_from_db()
        assert people.rosa.email_canonical == "rosa@peru.example", actor.name


def test_international_staff_still_change_a_number(
    international_staff: Actor, people: People, campaign: Campaign, settings: Any
) -> None:
    """They see every section, so a refusal tells them nothing they could not read."""
    _jordanian_texter(campaign)
    url = f"/admin/supporters/supporter/{people.rosa.pk}/change/"
    data = _form_of(international_staff.client, url)
    assert "phone" in data

    taken = international_staff.client.post(url, {**data, "phone": JORDANIAN_NUMBER})
    assert taken.status_code == 200
    assert 'class="errorlist' in taken.content.decode()

    changed = international_staff.client.post(url, {**data, "phone": "+51987654321"})
    assert changed.status_code == 302
    people.rosa.refresh_from_db()
    assert people.rosa.phone == "+51987654321"
