"""/staff/abuse/: staff with the permission see the busiest client addresses and email
domains of the last hour and day, with submissions and refusals, and block or allow them;
each look is in the personal data access log. Others are kept out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse

from tests.abuse.conftest import SCHOOL_IP, VISITOR_IP, staff_client
from tests.factories import act_url, action_form_data
from writeathon.abuse.models import AccessRule, TrafficHour
from writeathon.abuse.services import abuse_purge, traffic_record
from writeathon.campaigns.models import Case
from writeathon.core.models import PersonalDataAccess

PAGE = "/staff/abuse/"
ADD = "/staff/abuse/rules/add/"
REMOVE = "/staff/abuse/rules/remove/"
VIEW = "abuse.view_traffichour"
EDIT = ("abuse.add_accessrule", "abuse.delete_accessrule")
NOW = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)


@pytest.fixture
def abuse_staff(db: Any) -> Client:
    """Staff who look after abuse: they see the page and edit the lists."""
    return staff_client(VIEW, *EDIT)


@pytest.fixture
def abuse_reader(db: Any) -> Client:
    """Staff who may look at the traffic but not change the lists."""
    return staff_client(VIEW)


@pytest.fixture
def other_staff(db: Any) -> Client:
    """Staff without the permissions of this page (another team's)."""
    return staff_client("delivery.view_delivery")


def test_anonymous_visitor_is_sent_to_log_in(client: Client, db: Any) -> None:
    for response in (client.get(PAGE), client.post(ADD), client.post(REMOVE)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert AccessRule.objects.count() == 0


def test_staff_without_the_permission_are_refused(other_staff: Client) -> None:
    assert other_staff.get(PAGE).status_code == 403
    data = {"kind": "ip", "value": VISITOR_IP, "action": "block"}
    assert other_staff.post(ADD, data).status_code == 403
    assert AccessRule.objects.count() == 0
    assert PersonalDataAccess.objects.count() == 0


def test_a_signed_in_supporter_account_is_refused(client: Client, db: Any) -> None:
    user = get_user_model().objects.create_user(username="reader", password="pw-123456789")
    client.force_login(user)
    assert client.get(PAGE).status_code == 403


def test_readers_see_the_page_but_cannot_change_the_lists(abuse_reader: Client) -> None:
    html = abuse_reader.get(PAGE).content.decode()
    assert "Add a rule" not in html
    data = {"kind": "ip", "value": VISITOR_IP, "action": "block"}
    assert abuse_reader.post(ADD, data).status_code == 403
    rule = AccessRule.objects.create(kind="ip", value=VISITOR_IP, action="block")
    assert abuse_reader.post(REMOVE, {"rule": rule.pk}).status_code == 403
    assert AccessRule.objects.count() == 1


def test_busiest_addresses_and_domains_of_the_hour_and_the_day(case: Case, settings: Any) -> None:
    settings.RATE_LIMIT_FORM_PER_IP = [(4, 3600)]
    with time_machine.travel(NOW - timedelta(hours=5), tick=False):
        # Earlier today, the school room sent many.
        for n in range(3):
            data = action_form_data("signature", email=f"pupil{n}@school.example")
            Client(REMOTE_ADDR=SCHOOL_IP).post(act_url(case, "signature"), data)
    with time_machine.travel(NOW, tick=False):
        visitor = Client(REMOTE_ADDR=VISITOR_IP)
        for n in range(6):  # four pass, two are over the limit
            data = action_form_data("signature", email=f"bot{n}@spam.example")
            visitor.post(act_url(case, "signature"), data)
        # Signed in now: a session from the real today would have expired by 2030.
        response = staff_client(VIEW, *EDIT).get(PAGE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    last_hour, last_day = html.split('id="last-1h-heading"')[1].split('id="last-24h-heading"')
    assert VISITOR_IP in last_hour and SCHOOL_IP not in last_hour
    assert VISITOR_IP in last_day and SCHOOL_IP in last_day
    assert "spam.example" in last_hour and "school.example" in last_day
    # Submissions and refusals, per address: 6 and 2 for the visitor.
    row = last_hour.split(f"<code>{VISITOR_IP}</code>")[1].split("</tr>")[0]
    assert '<td class="number">6</td>' in row and '<td class="number">2</td>' in row
    # Refusals before the form was read count for the address only; the domain has the 4.
    domain_row = last_hour.split("<code>spam.example</code>")[1].split("</tr>")[0]
    assert '<td class="number">4</td>' in domain_row
    # Looking at client addresses is logged.
    access = PersonalDataAccess.objects.get()
    assert (access.what, access.path) == ("abuse traffic", PAGE)


def test_block_a_busy_address_for_a_day_then_remove_the_rule(
    abuse_staff: Client, case: Case
) -> None:
    traffic_record(ip=VISITOR_IP, domain="spam.example")
    page = abuse_staff.get(PAGE).content.decode()
    assert "Block for a day" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = abuse_staff.post(
            ADD, {"kind": "ip", "value": VISITOR_IP, "action": "block", "expires": "1d"}
        )
    assert response.status_code == 302
    rule = AccessRule.objects.get()
    assert (rule.kind, rule.value, rule.action) == ("ip", VISITOR_IP, "block")
    assert rule.created_by is not None and rule.expires_at is not None
    assert timedelta(hours=23) < rule.expires_at - rule.created_at <= timedelta(days=1)
    blocked = Client(REMOTE_ADDR=VISITOR_IP).post(
        act_url(case, "signature"), action_form_data("signature")
    )
    assert blocked.status_code == 403

    page = abuse_staff.get(PAGE).content.decode()
    assert "Blocked" in page and "Rule added" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert abuse_staff.post(REMOVE, {"rule": rule.pk}).status_code == 302
    assert AccessRule.objects.count() == 0
    again = Client(REMOTE_ADDR=VISITOR_IP).post(
        act_url(case, "signature"), action_form_data("signature")
    )
    assert again.status_code == 302


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("ip", " 2001:DB8::0001 ", "2001:db8::1"),
        ("ip", "::ffff:192.0.2.5", "192.0.2.5"),
        ("network", "192.0.2.77/24", "192.0.2.0/24"),
        ("email_domain", "@Spam.Example.", "spam.example"),
        ("email", "J.Doe+x@GoogleMail.com", "jdoe@gmail.com"),
    ],
)
def test_values_are_stored_in_the_form_requests_are_compared_in(
    abuse_staff: Client, kind: str, typed: str, stored: str
) -> None:
    data = {"kind": kind, "value": typed, "action": "allow", "note": "School"}
    assert abuse_staff.post(ADD, data).status_code == 302
    assert AccessRule.objects.get().value == stored


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "ip", "value": "300.1.1.1", "action": "block"}, "Enter an IP address."),
        ({"kind": "network", "value": "0.0.0.0/0", "action": "block"}, "too large"),
        ({"kind": "email_domain", "value": "not a domain", "action": "block"}, "email domain"),
        ({"kind": "email", "value": "nobody", "action": "block"}, "Enter an email address."),
        ({"kind": "ip", "value": "", "action": "block"}, "This field is required."),
        ({"kind": "country", "value": "FR", "action": "block"}, "Select a valid choice."),
        ({"kind": "ip", "value": "192.0.2.1", "action": "ignore"}, "Select a valid choice."),
        ({"kind": "ip", "value": "192.0.2.1", "action": "block", "expires": "1y"}, "valid"),
    ],
)
def test_bad_rules_are_refused_with_a_clear_error(
    abuse_staff: Client, data: dict[str, str], error: str
) -> None:
    response = abuse_staff.post(ADD, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert AccessRule.objects.count() == 0


def test_a_second_rule_for_the_same_value_is_refused(abuse_staff: Client) -> None:
    AccessRule.objects.create(kind="ip", value=VISITOR_IP, action="allow")
    response = abuse_staff.post(ADD, {"kind": "ip", "value": VISITOR_IP, "action": "block"})
    assert response.status_code == 400
    assert "There is a rule for 203.0.113.7 already" in response.content.decode()
    assert AccessRule.objects.get().action == "allow"


def test_removing_a_rule_that_is_gone_is_answered_kindly(abuse_staff: Client) -> None:
    response = abuse_staff.post(REMOVE, {"rule": "999999"}, follow=True)
    assert response.status_code == 200
    assert "This rule does not exist" in response.content.decode()


def test_get_on_the_forms_is_refused(abuse_staff: Client) -> None:
    assert abuse_staff.get(ADD).status_code == 405
    assert abuse_staff.get(REMOVE).status_code == 405


def test_old_traffic_and_counters_are_purged(db: Any, settings: Any) -> None:
    settings.ABUSE_TRAFFIC_KEEP_DAYS = 7
    with time_machine.travel(NOW - timedelta(days=8), tick=False):
        traffic_record(ip=VISITOR_IP, domain="old.example")
    with time_machine.travel(NOW, tick=False):
        traffic_record(ip=VISITOR_IP, domain="new.example")
        assert abuse_purge()["traffic"] == 2
    assert set(TrafficHour.objects.values_list("value", flat=True)) == {VISITOR_IP, "new.example"}


def test_rules_added_in_the_admin_are_normalised_and_apply_at_once(case: Case) -> None:
    admin = staff_client(VIEW, *EDIT, "abuse.view_accessrule", "abuse.change_accessrule")
    with TestCase.captureOnCommitCallbacks(execute=True):
        # Checked once before, so that the empty list of rules is in the cache.
        assert (
            Client(REMOTE_ADDR=VISITOR_IP)
            .post(act_url(case, "signature"), action_form_data("signature"))
            .status_code
            == 302
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin.post(
            reverse("admin:abuse_accessrule_add"),
            {"kind": "network", "value": " 203.0.113.99/24 ", "action": "block", "note": "Flood"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = AccessRule.objects.get()
    assert rule.value == "203.0.113.0/24"
    assert rule.created_by is not None
    refused = Client(REMOTE_ADDR=VISITOR_IP).post(
        act_url(case, "signature"), action_form_data("signature", email="other@example.com")
    )
    assert refused.status_code == 403
    listing = admin.get(reverse("admin:abuse_accessrule_changelist"))
    assert listing.status_code == 200
    assert PersonalDataAccess.objects.filter(what="accessrule list").exists()
