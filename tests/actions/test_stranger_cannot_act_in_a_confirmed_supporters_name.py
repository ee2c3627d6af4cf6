"""Typing a confirmed supporter's address is not proof of being them.

Amira confirmed her address long ago, in her own browser. A stranger who knows the address
signs and writes in her name from another browser: nothing counts and nothing is sent until
Amira follows the link emailed to her, and the stranger cannot tell her address from a new
or an unconfirmed one. In her own browser (the owner cookie) her actions count at once.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from tests.delivery.outbox import mail_sent
from tests.factories import (
    ActionFactory,
    SupporterFactory,
    act_url,
    action_form_data,
    owner_client,
)
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.reporting.selectors import counter_forget
from writeathon.supporters.models import Consent, Supporter

AMIRA = "amira@example.com"
STRANGERS_TEXT = "Dear Prosecutor,\n\nThese are a stranger's words, not Amira's.\n"


@pytest.fixture
def amira(campaign: Campaign) -> Supporter:
    supporter: Supporter = SupporterFactory(email=AMIRA, name="Amira Haddad", confirmed=True)
    return supporter


def _quiet_case(campaign: Campaign) -> Case:
    return Case.objects.get(campaign=campaign, slug="leonard-peltier")


def _post(client: Client, case: Case, channel: str, capture: Any, **fields: str) -> Any:
    with capture(execute=True) as callbacks:
        response = client.post(act_url(case, channel), action_form_data(channel, **fields))
    assert response.status_code == 302, response.content.decode()[:500]
    return response, len(callbacks)


def _counter(client: Client, campaign: Campaign) -> Any:
    """What /counter.json tells anyone, as soon as it is recomputed (less its own time)."""
    counter_forget(campaign=campaign)
    counts = client.get(f"/counter.json?campaign={campaign.slug}").json()
    counts.pop("updated_at")
    return counts


def test_a_strangers_signature_with_her_address_waits_for_her(
    campaign: Campaign, amira: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    stranger = Client()
    case = _quiet_case(campaign)
    before = _counter(stranger, campaign)

    _post(stranger, case, "signature", django_capture_on_commit_callbacks, email=AMIRA)

    action = Action.objects.get(supporter=amira, case=case)
    assert action.status == Action.Status.PENDING
    assert _counter(stranger, campaign) == before
    # Amira is asked, by the email that confirms new addresses.
    [email] = mail_sent()
    assert email.to == [AMIRA]
    assert re.search(r"http://testserver/confirm/[^\s]+/", str(email.body))


def test_a_strangers_letter_in_her_name_reaches_no_official(
    campaign: Campaign, case: Case, amira: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    _post(
        Client(),
        case,
        "email",
        django_capture_on_commit_callbacks,
        email=AMIRA,
        body=STRANGERS_TEXT,
        consent="on",
    )

    action = Action.objects.get(supporter=amira, case=case, channel=Channel.EMAIL)
    assert action.status == Action.Status.PENDING
    # Only the confirmation email to her: no letter in the outbox.
    assert not Delivery.objects.exclude(kind=Delivery.Kind.CONFIRMATION).exists()
    assert [message.to for message in mail_sent()] == [[AMIRA]]

    # Her confirmation page lists it; she unticks it: it never counts, nothing is sent,
    # and the consent given in her name is withdrawn.
    link = re.search(r"http://testserver(/confirm/[^\s]+/)", str(mail_sent()[0].body))
    assert link is not None
    page = Client().get(link.group(1))
    assert str(action.public_id) in page.content.decode()
    Client().post(link.group(1), {"reviewed": "1"})
    action.refresh_from_db()
    assert action.status == Action.Status.DECLINED
    assert not Delivery.objects.exclude(kind=Delivery.Kind.CONFIRMATION).exists()
    assert not Consent.objects.filter(supporter=amira, withdrawn_at__isnull=True).exists()


def test_her_own_browser_counts_at_once(
    campaign: Campaign, case: Case, amira: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    before = _counter(Client(), campaign)

    _post(owner_client(amira), case, "email", django_capture_on_commit_callbacks, email=AMIRA)

    action = Action.objects.get(supporter=amira, case=case)
    assert action.status == Action.Status.CONFIRMED
    assert Delivery.objects.filter(action=action).exists()
    assert _counter(Client(), campaign)["total"] == before["total"] + 1
    assert not Delivery.objects.filter(kind=Delivery.Kind.CONFIRMATION).exists()


def test_another_supporters_cookie_is_no_proof(
    campaign: Campaign, case: Case, amira: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    omar = SupporterFactory(email="omar@example.net", confirmed=True)

    _post(owner_client(omar), case, "signature", django_capture_on_commit_callbacks, email=AMIRA)

    assert Action.objects.get(supporter=amira, case=case).status == Action.Status.PENDING


def test_the_stranger_cannot_tell_her_address_from_any_other(
    campaign: Campaign, amira: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    # An unconfirmed address, already waiting on another case, and a new one.
    waiting = "waiting@example.org"
    _post(
        Client(),
        Case.objects.get(campaign=campaign, slug="ilham-tohti"),
        "signature",
        django_capture_on_commit_callbacks,
        email=waiting,
    )
    mail_sent()
    mail.outbox.clear()
    cache.clear()  # as if the resend interval had passed: each address may be emailed
    case = _quiet_case(campaign)
    seen = []
    for address in (AMIRA, waiting, "new@example.org"):
        stranger = Client()
        response, tasks = _post(
            stranger, case, "signature", django_capture_on_commit_callbacks, email=address
        )
        thanks = stranger.get(response["Location"])
        page = thanks.content.decode()
        page = re.sub(r"[0-9a-f-]{36}", "ID", page)  # the action's own id
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        seen.append((thanks.status_code, page, tasks, _counter(stranger, campaign)))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][2] == 0  # the confirmation email is an outbox row, not a task
    assert sorted(message.to[0] for message in mail_sent()) == sorted(
        [AMIRA, waiting, "new@example.org"]
    )


def test_a_stranger_repeating_her_waiting_action_does_not_count_it(
    campaign: Campaign, amira: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    case = _quiet_case(campaign)
    for _ in range(2):
        _post(Client(), case, "signature", django_capture_on_commit_callbacks, email=AMIRA)

    assert Action.objects.get(supporter=amira, case=case).status == Action.Status.PENDING
    assert len(mail_sent()) == 1  # the second asks within the resend interval: no new email


def test_her_own_letter_takes_the_place_of_a_strangers_waiting_one(
    campaign: Campaign, case: Case, amira: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    _post(
        Client(),
        case,
        "email",
        django_capture_on_commit_callbacks,
        email=AMIRA,
        body=STRANGERS_TEXT,
        consent="on",
    )

    _post(owner_client(amira), case, "email", django_capture_on_commit_callbacks, email=AMIRA)

    action = Action.objects.get(supporter=amira, case=case, channel=Channel.EMAIL)
    assert action.status == Action.Status.CONFIRMED
    assert "stranger" not in action.body
    [delivery] = Delivery.objects.filter(action=action, kind=Delivery.Kind.LETTER)
    assert "stranger" not in str(delivery.payload)
    # The consent the stranger gave in her name does not stand.
    assert not Consent.objects.filter(supporter=amira, withdrawn_at__isnull=True).exists()


def test_her_email_lists_every_action_waiting_in_her_name(
    campaign: Campaign, amira: Supporter, django_capture_on_commit_callbacks: Any
) -> None:
    earlier = Case.objects.get(campaign=campaign, slug="ilham-tohti")
    ActionFactory(case=earlier, supporter=amira, channel=Channel.SIGNATURE)

    _post(
        Client(),
        _quiet_case(campaign),
        "signature",
        django_capture_on_commit_callbacks,
        email=AMIRA,
    )

    [email] = mail_sent()
    assert "Signature: Ilham Tohti" in str(email.body)
    assert "Signature: Leonard Peltier" in str(email.body)
    assert isinstance(email, EmailMultiAlternatives)
    [(html, _type)] = email.alternatives
    assert "Ilham Tohti" in str(html) and "Leonard Peltier" in str(html)
