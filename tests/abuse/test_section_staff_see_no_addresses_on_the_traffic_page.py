"""/staff/abuse/ and the abuse admin: addresses, domains and the rules are for international
staff; a section's staff (and staff without a section) see how much was sent and refused.

Traffic is counted per client address and email domain before any form says who sent it,
so it belongs to no section; and a rule applies to the forms of every section. A section's
staff holding every permission of the page still see no address and change no rule.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.abuse.conftest import VISITOR_IP
from tests.factories import StaffUserFactory
from tests.sections.scoped_records import grant
from writeathon.abuse.models import AccessRule
from writeathon.abuse.services import access_rule_add, traffic_record
from writeathon.core.models import PersonalDataAccess
from writeathon.sections.models import Section
from writeathon.sections.services import staff_membership_set

PAGE = "/staff/abuse/"
ADD = "/staff/abuse/rules/add/"
REMOVE = "/staff/abuse/rules/remove/"
PERMISSIONS = (
    "abuse.view_traffichour",
    "abuse.add_accessrule",
    "abuse.delete_accessrule",
    "abuse.view_accessrule",
    "abuse.change_accessrule",
)
BLOCKED_ADDRESS = "blocked.person@example.org"


def _staff(username: str, *, section: Section | None, international: bool = False) -> Client:
    user = StaffUserFactory(username=username)
    grant(user, *PERMISSIONS)
    if section is not None or international:
        staff_membership_set(user=user, section=section, is_international=international)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def traffic(db: Any) -> AccessRule:
    for _ in range(3):
        traffic_record(ip=VISITOR_IP, domain="spam.example")
    traffic_record(ip=VISITOR_IP, domain="spam.example", refused=True)
    return access_rule_add(
        kind=AccessRule.Kind.EMAIL, value=BLOCKED_ADDRESS, action=AccessRule.Action.BLOCK
    )


@pytest.mark.parametrize("who", ["Peru's staff", "staff without a section"])
def test_section_staff_see_totals_and_no_address(
    campaign: Any, traffic: AccessRule, who: str
) -> None:
    peru = Section.objects.get(country="PE")
    client = _staff("paola", section=peru if who == "Peru's staff" else None)

    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    for secret in (VISITOR_IP, "spam.example", BLOCKED_ADDRESS):
        assert secret not in html, secret
    assert "international staff only" in html
    # How much was sent and refused in the last hour: 4 and 1, from 1 address.
    totals = html.split('id="last-1h-heading"')[1].split("</section>")[0]
    assert '<td class="number">4</td>' in totals and '<td class="number">1</td>' in totals
    assert "Add a rule" not in html
    assert not PersonalDataAccess.objects.exists()  # no personal data was shown

    rule = {"kind": "ip", "value": "192.0.2.1", "action": "block"}
    assert client.post(ADD, rule).status_code == 403
    assert client.post(REMOVE, {"rule": traffic.pk}).status_code == 403
    assert list(AccessRule.objects.values_list("value", flat=True)) == [BLOCKED_ADDRESS]

    for admin_page in (
        "/admin/abuse/traffichour/",
        "/admin/abuse/accessrule/",
        f"/admin/abuse/accessrule/{traffic.pk}/change/",
    ):
        assert client.get(admin_page).status_code in {403, 404}, admin_page
    assert "/admin/abuse/" not in client.get("/admin/").content.decode()


def test_international_staff_see_addresses_and_keep_the_lists(
    campaign: Any, traffic: AccessRule
) -> None:
    client = _staff("ines", section=None, international=True)
    html = client.get(PAGE).content.decode()
    for shown in (VISITOR_IP, "spam.example", BLOCKED_ADDRESS, "Add a rule"):
        assert shown in html, shown
    assert PersonalDataAccess.objects.filter(what="abuse traffic").count() == 1
    response = client.post(ADD, {"kind": "ip", "value": "192.0.2.1", "action": "block"})
    assert response.status_code == 302
    assert client.get("/admin/abuse/accessrule/").status_code == 200
    assert client.get("/admin/abuse/traffichour/").status_code == 200
