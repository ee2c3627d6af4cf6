"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium is launched once per session; each test gets fresh contexts (cookies, language,
viewport, JavaScript on or off) and the sample campaign in a transactional database that the
live server thread can see.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.delivery.outbox import outbox_pass
from writeathon.campaigns import sample_content
from writeathon.campaigns.models import Campaign

if TYPE_CHECKING:
    from tests.conftest import SmtpServer

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse every ORM call made from the test itself (loading data, checking the outcome).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Every wait in these tests is short: a page that takes longer than this is a failure.
TIMEOUT_MS = 5_000

PageFactory = Callable[..., Page]


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot for a person to look at, when WRITEATHON_SCREENSHOTS is set."""
    folder = os.environ.get("WRITEATHON_SCREENSHOTS", "")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _forms_accept_a_fast_robot(settings: Any) -> None:
    """Playwright fills a form faster than a person: the minimum time would refuse it."""
    settings.FORM_MIN_SECONDS = 0


@pytest.fixture
def sample_campaign(transactional_db: Any) -> Campaign:
    """The sample campaign, committed so that the live server thread sees it."""
    return Campaign.objects.get(slug=sample_content.CAMPAIGN["slug"])


@pytest.fixture
def new_page(
    browser: Browser, live_server: Any, sample_campaign: Campaign
) -> Iterator[PageFactory]:
    """Open a page in a fresh browser context; keyword arguments go to `new_context`.

    `language="ar"` is a shortcut for the Accept-Language header and the browser locale.
    """
    contexts: list[BrowserContext] = []

    def open_page(*, language: str = "en", **options: Any) -> Page:
        options.setdefault("locale", language)
        headers = {"Accept-Language": language, **options.pop("extra_http_headers", {})}
        context = browser.new_context(
            base_url=live_server.url, extra_http_headers=headers, **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: PageFactory) -> Page:
    """An English page with JavaScript on and a desktop-sized window."""
    return new_page()


def digits(text: str) -> int:
    """The number in a formatted count ("1,234"), in Western or Arabic-Indic digits."""
    found = "".join(str(int(c)) for c in text if c.isdecimal())
    assert found, f"no number in {text!r}"
    return int(found)


def confirmation_link(smtp: SmtpServer, *, to: str, timeout: float = 5.0) -> str:
    """The confirmation link in the message the SMTP server received for `to`, once a
    worker has sent the outbox."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outbox_pass(worker_id="browser-test-worker")
        with smtp.inbox.lock:
            messages = [m for m in smtp.inbox.messages if to in str(m["To"])]
        if messages:
            break
        time.sleep(0.05)
    else:
        raise AssertionError(f"no email to {to} within {timeout} s")
    assert len(messages) == 1, f"{len(messages)} emails to {to}"
    for part in messages[0].walk():
        if part.get_content_type() != "text/plain":
            continue
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        text = payload.decode(part.get_content_charset() or "utf-8")
        match = re.search(r"https?://\S+/confirm/\S+/", text)
        assert match, f"no confirmation link in {text!r}"
        return match.group(0)
    raise AssertionError("the confirmation email has no plain-text part")
