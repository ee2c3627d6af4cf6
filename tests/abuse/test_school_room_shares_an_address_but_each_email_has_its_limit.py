"""A school's computer room puts a class behind one address: the default limit per address
lets a class act together, the limit per email address stays tight whatever the address,
and a school network on the allow list is exempt from the first but not the second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import time_machine
from django.conf import settings as django_settings
from django.test import Client

from tests.abuse.conftest import SCHOOL_NETWORK
from tests.factories import act_url, action_form_data, stored_rows
from writeathon.abuse.models import AccessRule
from writeathon.abuse.services import access_rule_add
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case

START = datetime(2030, 11, 20, 10, 30, 30, tzinfo=UTC)
WAYS = ["signature", "solidarity", "email"]


def test_a_class_of_thirty_acts_at_once_within_the_default_limits(
    pupil: Callable[[], Client], case: Case, store: str
) -> None:
    """Thirty pupils, three ways each, in the same minute, from the school's address."""
    assert django_settings.RATE_LIMIT_FORM_PER_IP == [(60, 60), (500, 3600)]
    with time_machine.travel(START, tick=False):
        for n in range(20):
            browser = pupil()
            for way in WAYS:
                data = action_form_data(way, email=f"pupil{n}@school.example")
                assert browser.post(act_url(case, way), data).status_code == 302, (n, way)
    assert Action.objects.filter(supporter__email__endswith="@school.example").count() == 60


def test_one_email_address_is_limited_from_any_address(
    case: Case, settings: Any, store: str
) -> None:
    settings.RATE_LIMIT_FORM_PER_EMAIL = [(2, 3600)]
    cases = list(Case.objects.filter(campaign=case.campaign).order_by("position"))[:3]
    with time_machine.travel(START, tick=False):
        for n, each in enumerate(cases[:2]):
            client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
            data = action_form_data("signature", email="flood@example.com")
            assert client.post(act_url(each, "signature"), data).status_code == 302
        before = stored_rows()
        data = action_form_data("signature", email="flood@example.com")
        refused = Client(REMOTE_ADDR="192.0.2.9").post(act_url(cases[2], "signature"), data)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 29 * 60 + 30
    assert stored_rows() == before


def test_an_allowed_school_network_is_exempt_from_the_address_limit_only(
    pupil: Callable[[], Client],
    case: Case,
    settings: Any,
    store: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.RATE_LIMIT_FORM_PER_IP = [(3, 3600)]
    settings.RATE_LIMIT_FORM_PER_EMAIL = [(2, 3600)]
    with time_machine.travel(START, tick=False):
        for n in range(3):
            data = action_form_data("signature", email=f"pupil{n}@school.example")
            assert pupil().post(act_url(case, "signature"), data).status_code == 302
        data = action_form_data("signature", email="pupil3@school.example")
        assert pupil().post(act_url(case, "signature"), data).status_code == 429

        with django_capture_on_commit_callbacks(execute=True):
            access_rule_add(
                kind=AccessRule.Kind.NETWORK,
                value=SCHOOL_NETWORK,
                action=AccessRule.Action.ALLOW,
                note="Lycée Victor Hugo, write-a-thon on 20 November",
            )
        for n in range(3, 10):
            data = action_form_data("signature", email=f"pupil{n}@school.example")
            assert pupil().post(act_url(case, "signature"), data).status_code == 302

        # One pupil sending again and again is still held back by the limit per email.
        cases = list(Case.objects.filter(campaign=case.campaign).exclude(pk=case.pk))
        data = action_form_data("signature", email="pupil0@school.example")
        assert pupil().post(act_url(cases[0], "signature"), data).status_code == 302
        before = stored_rows()
        assert pupil().post(act_url(cases[1], "signature"), data).status_code == 429
        assert stored_rows() == before
