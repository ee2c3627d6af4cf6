"""Every page carries a strict Content-Security-Policy; HTTPS is enforced and remembered."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

import writeathon
from writeathon.campaigns.models import Campaign, Case

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def _policy(header: str) -> dict[str, str]:
    policy: dict[str, str] = {}
    for part in header.split(";"):
        name, _space, value = part.strip().partition(" ")
        if name:
            policy[name] = value
    return policy


def test_public_and_staff_pages_carry_the_strict_policy(
    client: Client, campaign: Campaign, case: Case
) -> None:
    staff = get_user_model().objects.create_superuser(username="dana", password="pw-dana-1234")
    staff_client = Client()
    staff_client.force_login(staff)
    pages = [
        (client, "/"),
        (client, campaign.get_absolute_url()),
        (client, case.get_absolute_url()),
        (client, "/no-such-page/"),
        (client, "/admin/login/"),
        (staff_client, "/admin/"),
        (staff_client, "/admin/campaigns/case/"),
        (staff_client, f"/admin/campaigns/case/{case.pk}/change/"),
        (staff_client, "/staff/outbox/"),
    ]
    for visitor, url in pages:
        response = visitor.get(url)
        assert response.status_code in (200, 404), url
        assert _policy(response["Content-Security-Policy"]) == POLICY, url
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_https_is_enforced_and_remembered(client: Client, db: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get("/counter.json?campaign=x")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/counter.json?campaign=x"
    # A health check sent straight to the application over plain HTTP gets its answer.
    assert client.get("/healthz").status_code == 200

    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_cookies_are_http_only_same_site_and_secure_when_asked(
    client: Client, campaign: Campaign, case: Case, settings: Any
) -> None:
    settings.CSRF_COOKIE_SECURE = True
    response = client.get(case.get_absolute_url(), secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True
    # The page's forms carry the token themselves: no script needs the cookie.
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


TEMPLATES = Path(writeathon.__file__).parent / "templates"
# Not served as pages under the policy: emails, and the HTML that WeasyPrint turns into a PDF.
NOT_PAGES = ("emails/", "delivery/pdf/")
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    # A style element carrying the response's CSP nonce is allowed by the policy (the
    # widget's colours, chosen by its address, are the one such page).
    "style element": re.compile(
        r"<style\b(?![^>]*\bnonce=\"\{\{ request\.csp_nonce \}\}\")", re.IGNORECASE
    ),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize(
    "template",
    sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if not str(path.relative_to(TEMPLATES)).startswith(NOT_PAGES)
    ),
)
def test_page_templates_hold_no_inline_script_or_style(template: str) -> None:
    text = (TEMPLATES / template).read_text()
    found = [kind for kind, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template}: {found} would be blocked by the Content-Security-Policy"
