"""Titles and descriptions are screened like letters; a new host's event waits for staff,
a host approved once is trusted, and the setting can let every screened event through."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry

from tests.events.helpers import details, emails_to, host_make
from tests.factories import StaffUserFactory
from writeathon.campaigns.models import Campaign
from writeathon.events.models import Event, Host
from writeathon.events.selectors import events_listed
from writeathon.events.services import event_review
from writeathon.usecases.events import TextRefused, event_submit


def _submit(campaign: Campaign, host: Host, **options: Any) -> Event:
    return event_submit(
        host=host,
        campaign=campaign,
        details=details(campaign, **options),
        language="en",
    ).event


def test_a_threat_in_the_title_is_refused_and_nothing_is_stored(campaign: Campaign) -> None:
    with pytest.raises(TextRefused):
        _submit(campaign, host_make(), title="I will kill you all")
    assert Event.objects.count() == 0


def test_shouting_puts_the_event_in_review_with_the_reason(campaign: Campaign) -> None:
    event = _submit(
        campaign,
        host_make(),
        description="COME AND WRITE LETTERS WITH US AT THE BIG LIBRARY THIS SATURDAY EVERYONE",
    )
    assert event.status == Event.Status.PENDING
    assert "capital" in event.review_reason.lower()
    assert event not in events_listed()


def test_a_new_host_waits_then_is_trusted_once_approved(campaign: Campaign) -> None:
    host = host_make("new@example.org", trusted=False)
    first = _submit(campaign, host)
    assert first.status == Event.Status.PENDING and first.review_reason == ""
    assert list(events_listed()) == []

    staff = StaffUserFactory()
    event_review(event=first, approve=True, reason="", user_id=staff.pk)
    host.refresh_from_db()
    assert host.status == Host.Status.APPROVED
    assert list(events_listed()) == [first]
    assert LogEntry.objects.filter(object_id=str(first.pk), user=staff).exists()
    (email,) = emails_to("new@example.org")
    assert "approved" in email.subject

    second = _submit(campaign, host, title="A second write-a-thon")
    assert second.status == Event.Status.APPROVED


def test_without_review_a_new_hosts_screened_event_is_listed(
    campaign: Campaign, settings: object
) -> None:
    settings.EVENTS_REVIEW_NEW_HOSTS = False  # type: ignore[attr-defined]
    event = _submit(campaign, host_make("new@example.org", trusted=False))
    assert event.status == Event.Status.APPROVED


def test_a_refused_event_tells_the_host_why(campaign: Campaign) -> None:
    host = host_make("new@example.org", trusted=False)
    event = _submit(campaign, host)
    staff = StaffUserFactory()
    event_review(event=event, approve=False, reason="This is not a write-a-thon.", user_id=staff.pk)
    event.refresh_from_db()
    assert event.status == Event.Status.REFUSED
    (email,) = emails_to("new@example.org")
    assert "This is not a write-a-thon." in email.body
