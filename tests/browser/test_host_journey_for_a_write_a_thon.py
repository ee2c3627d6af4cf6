"""The host's journey in Chromium: sign up, open the emailed link, create an event, staff
approve it, it appears in /events/, someone RSVPs and confirms by their link, and the
calendar file parses back. Every email goes through the outbox to a real SMTP server."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PageFactory, screenshot
from tests.browser.test_pages_pass_accessibility_check import violations
from tests.delivery.outbox import outbox_pass
from writeathon.campaigns.models import Campaign
from writeathon.events.models import Event, Host, Rsvp
from writeathon.sections.models import Section, StaffMembership

if TYPE_CHECKING:
    from tests.conftest import SmtpServer


def link_from(smtp: SmtpServer, *, to: str, path: str, timeout: float = 5.0) -> str:
    """The link under `path` in the newest email the SMTP server received for `to`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outbox_pass(worker_id="browser-test-worker")
        with smtp.inbox.lock:
            payloads = [
                (part.get_payload(decode=True), part.get_content_charset() or "utf-8")
                for message in smtp.inbox.messages
                if to in str(message["To"])
                for part in message.walk()
                if part.get_content_type() == "text/plain"
            ]
        texts = [raw.decode(charset) for raw, charset in payloads if isinstance(raw, bytes)]
        links = [m.group(0) for t in texts for m in re.finditer(rf"https?://\S+{path}\S+/", t)]
        if links:
            return links[-1]
        time.sleep(0.05)
    raise AssertionError(f"no email with {path} to {to} within {timeout} s")


def staff_cookie(live_server: Any) -> dict[str, str]:
    """A session cookie for Peru's event staff (signed in as the admin would sign them in)."""
    user = get_user_model().objects.create_user(
        username="paola", password="pw-1234567890", is_staff=True
    )
    StaffMembership.objects.create(user=user, section=Section.objects.get(country="PE"))
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="events", codename__in=["view_event", "change_event"]
        )
    )
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


@pytest.mark.browser
def test_host_journey_for_a_write_a_thon(
    new_page: PageFactory, sample_campaign: Campaign, smtp_server: SmtpServer, live_server: Any
) -> None:
    host_page = new_page()
    host_page.goto("/events/host/")
    host_page.fill("#id_email", "lucia@example.org")
    host_page.fill("#id_name", "Lucía Rojas")
    host_page.select_option("#id_country", "PE")
    host_page.fill("#id_organisation", "Colegio 7")
    host_page.locator("main form button[type=submit]").click()
    host_page.wait_for_url("**/events/host/sent/")

    host_page.goto(link_from(smtp_server, to="lucia@example.org", path="/events/host/sign-in/"))
    host_page.locator("main form button[type=submit]").click()
    host_page.wait_for_url("**/events/host/events/")
    expect(host_page.locator("main h1")).to_be_visible()

    problems = violations(host_page)
    host_page.locator("main a.button").click()
    host_page.wait_for_url("**/events/host/events/new/")
    problems += violations(host_page)
    save = host_page.locator("main form[novalidate] button[type=submit]")
    save.click()  # empty: every error shown
    expect(host_page.locator(".error-summary")).to_be_visible()
    problems += violations(host_page)
    starts = (timezone.now() + timedelta(days=6)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    host_page.fill("#id_title", "Maratón de cartas en Lima")
    host_page.fill("#id_description", "Escribimos cartas por los casos de la campaña.")
    host_page.select_option("#id_kind", "school")
    host_page.select_option("#id_time_zone", "America/Lima")
    host_page.fill("#id_starts", starts.strftime("%Y-%m-%dT%H:%M"))
    host_page.fill("#id_ends", (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    host_page.fill("#id_venue", "Colegio 7")
    host_page.fill("#id_city", "Lima")
    host_page.select_option("#id_country", "PE")
    host_page.fill("#id_expected_attendees", "30")
    host_page.fill("#id_capacity", "30")
    host_page.check("#id_languages_1")  # Spanish
    host_page.check("#id_cases_0")
    save.click()
    host_page.wait_for_url("**/events/host/events/*-*/")
    event = Event.objects.get(title="Maratón de cartas en Lima")
    assert event.status == Event.Status.PENDING  # a new host's first event
    problems += violations(host_page)
    # 15:00 typed in Lima's time is 20:00 UTC.
    assert event.starts_at == starts.replace(tzinfo=ZoneInfo("America/Lima"))

    visitor = new_page()
    visitor.goto("/events/")
    expect(visitor.locator("main")).not_to_contain_text("Maratón de cartas en Lima")

    staff = new_page()
    staff.context.add_cookies([staff_cookie(live_server)])  # type: ignore[list-item]
    staff.goto("/staff/events/")
    problems += violations(staff)
    staff.get_by_role("link", name="Maratón de cartas en Lima").click()
    problems += violations(staff)
    staff.check("#id_decision_0")
    staff.locator("button[name=what][value=event]").click()
    staff.wait_for_url(f"**/staff/events/{event.public_id}/")
    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED
    assert Host.objects.get(email="lucia@example.org").status == Host.Status.APPROVED

    visitor.goto("/events/?country=PE")
    visitor.get_by_role("link", name="Maratón de cartas en Lima").click()
    visitor.fill("#id_name", "Luis Lector")
    visitor.fill("#id_email", "luis@example.net")
    visitor.locator("main form button[type=submit]").click()
    expect(visitor.locator("main h1")).to_be_visible()
    visitor.goto(link_from(smtp_server, to="luis@example.net", path="/events/rsvp/confirm/"))
    visitor.locator("main form button[type=submit]").click()
    expect(visitor.locator("main")).to_contain_text("Maratón de cartas en Lima")
    assert Rsvp.objects.get(email="luis@example.net").status == Rsvp.Status.CONFIRMED
    screenshot(visitor, "event-rsvp-confirmed")

    ics = visitor.request.get(f"/events/{event.public_id}/calendar.ics")
    assert ics.ok
    (entry,) = icalendar.Calendar.from_ical(ics.body()).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Maratón de cartas en Lima"
    assert entry.decoded("DTSTART") == event.starts_at

    host_page.goto(f"/events/host/events/{event.public_id}/")
    expect(host_page.locator("main")).to_contain_text("Luis Lector")
    expect(host_page.locator("main")).to_contain_text("luis@example.net")
    problems += violations(host_page)
    assert problems == [], "\n".join(problems)
