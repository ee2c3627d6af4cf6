"""A blocked address, network, email domain or email address gets a neutral 403 on every
public form and nothing is stored; a rule that has ended no longer applies; a block wins
over an allow; and a change takes effect at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
import time_machine
from django.test import Client, TestCase

from tests.abuse.conftest import SCHOOL_IP, SCHOOL_NETWORK, VISITOR_IP
from tests.factories import ActionFactory, act_url, action_form_data, stored_rows
from writeathon.abuse.models import AccessRule, TrafficHour
from writeathon.abuse.services import access_rule_add, access_rule_remove
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.supporters.services import confirmation_token_make

NEUTRAL = "We cannot accept this form"
START = datetime(2030, 11, 20, 10, 30, 0, tzinfo=UTC)
T = TypeVar("T")


def _committed(change: Callable[[], T]) -> T:
    """Make a change as a request would: the cached rules are dropped once it commits (in a
    test, at the end of this block rather than of the test's transaction)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return change()


def _allow(kind: str, value: str) -> AccessRule:
    return _committed(
        lambda: access_rule_add(kind=kind, value=value, action=AccessRule.Action.ALLOW)
    )


def _block(kind: str, value: str, **extra: Any) -> AccessRule:
    return _committed(
        lambda: access_rule_add(kind=kind, value=value, action=AccessRule.Action.BLOCK, **extra)
    )


def _sign(client: Client, case: Case, email: str = "amira@example.com") -> Any:
    return client.post(act_url(case, "signature"), action_form_data("signature", email=email))


def _refused(response: Any) -> None:
    assert response.status_code == 403
    html = response.content.decode()
    assert NEUTRAL in html
    # Neutral: it does not say what was blocked, or why.
    for word in ("block", "address", "domain", "spam"):
        assert word not in html.split("<main", 1)[1].split("</main>")[0].lower(), word


@pytest.mark.parametrize(
    ("kind", "value", "client_ip", "email"),
    [
        (AccessRule.Kind.IP, VISITOR_IP, VISITOR_IP, "amira@example.com"),
        (AccessRule.Kind.NETWORK, "203.0.113.0/24", VISITOR_IP, "amira@example.com"),
        (AccessRule.Kind.EMAIL_DOMAIN, "spam.example", VISITOR_IP, "bot@spam.example"),
        (AccessRule.Kind.EMAIL_DOMAIN, "spam.example", VISITOR_IP, "bot@mx.spam.example"),
        (AccessRule.Kind.EMAIL, "jdoe@gmail.com", VISITOR_IP, "J.Doe+again@gmail.com"),
    ],
)
def test_blocked_is_403_and_nothing_stored(
    case: Case, kind: str, value: str, client_ip: str, email: str
) -> None:
    _block(kind, value)
    before = stored_rows()
    _refused(_sign(Client(REMOTE_ADDR=client_ip), case, email))
    assert stored_rows() == before
    traffic = TrafficHour.objects.get(kind=TrafficHour.Kind.IP, value=client_ip)
    assert traffic.refused == 1


def test_others_are_not_affected(case: Case) -> None:
    _block(AccessRule.Kind.IP, VISITOR_IP)
    _block(AccessRule.Kind.EMAIL_DOMAIN, "spam.example")
    assert _sign(Client(REMOTE_ADDR="203.0.113.8"), case).status_code == 302
    # Not a subdomain: "notspam.example" is another domain.
    assert _sign(Client(), case, "someone@notspam.example").status_code == 302


def test_ipv6_and_ipv4_mapped_addresses_match(case: Case) -> None:
    _block(AccessRule.Kind.NETWORK, "2001:db8::/32")
    _refused(_sign(Client(REMOTE_ADDR="2001:db8::1"), case))
    _block(AccessRule.Kind.IP, "192.0.2.50")
    _refused(_sign(Client(REMOTE_ADDR="::ffff:192.0.2.50"), case, "other@example.com"))


def test_a_block_that_has_ended_no_longer_applies(visitor: Client, case: Case) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _block(AccessRule.Kind.IP, VISITOR_IP, expires_at=START + timedelta(hours=1))
        _refused(_sign(visitor, case))
        clock.shift(timedelta(minutes=59))
        _refused(_sign(visitor, case))
        # At once, even before the cached rules are refreshed: each carries its end.
        clock.shift(timedelta(minutes=1))
        assert _sign(visitor, case).status_code == 302


def test_a_block_wins_over_an_allow(case: Case) -> None:
    _allow(AccessRule.Kind.NETWORK, SCHOOL_NETWORK)
    _block(AccessRule.Kind.IP, SCHOOL_IP)
    _refused(_sign(Client(REMOTE_ADDR=SCHOOL_IP), case))
    assert _sign(Client(REMOTE_ADDR="198.51.100.21"), case).status_code == 302


def test_removing_a_block_takes_effect_at_once(visitor: Client, case: Case) -> None:
    rule = _block(AccessRule.Kind.IP, VISITOR_IP)
    _refused(_sign(visitor, case))
    _committed(lambda: access_rule_remove(rule=rule))
    assert _sign(visitor, case).status_code == 302


def test_the_thanks_and_confirmation_forms_are_guarded_too(visitor: Client, case: Case) -> None:
    action = ActionFactory(case=case, supporter__email="amira@example.com")
    token = confirmation_token_make(supporter=action.supporter)
    _block(AccessRule.Kind.IP, VISITOR_IP)
    _refused(visitor.post(f"/thanks/{action.public_id}/resend/"))
    _refused(visitor.post(f"/confirm/{token}/"))
    # Reading the confirmation page is not a POST: it is shown, and confirms nothing.
    assert visitor.get(f"/confirm/{token}/").status_code == 200
    assert Action.objects.get(pk=action.pk).status == Action.Status.PENDING


def test_a_blocked_email_cannot_confirm_or_resend(case: Case) -> None:
    action = ActionFactory(case=case, supporter__email="bot@spam.example")
    token = confirmation_token_make(supporter=action.supporter)
    _block(AccessRule.Kind.EMAIL_DOMAIN, "spam.example")
    _refused(Client().post(f"/confirm/{token}/"))
    _refused(Client().post(f"/thanks/{action.public_id}/resend/"))
    assert Action.objects.get(pk=action.pk).status == Action.Status.PENDING
