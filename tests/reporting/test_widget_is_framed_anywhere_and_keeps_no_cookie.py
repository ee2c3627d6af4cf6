"""The widget a section puts on its own site: the live count in the visitor's language,
styled by its address, framed by any site, with no cookie and nothing from anyone else."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.reporting.staff import signed_in, update_staff

pytestmark = pytest.mark.django_db


def _url(campaign: Any, case: Any = None) -> str:
    return f"/widget/{campaign.slug}/" + (f"{case.slug}/" if case is not None else "")


def _third_party_urls(html: str) -> list[str]:
    """Every absolute address the page would load (src, href of stylesheets, url(...))."""
    loaded = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    loaded += re.findall(r'<link[^>]+href="([^"]+)"', html)
    loaded += re.findall(r"url\(([^)]+)\)", html)
    return [url for url in loaded if re.match(r"^(https?:)?//", url)]


def test_the_widget_shows_the_count_sets_no_cookie_and_may_be_framed(
    campaign: Any, case: Any
) -> None:
    client = Client()
    for url in (_url(campaign), _url(campaign, case)):
        response = client.get(url + "?bg=000000&fg=ffffff&accent=ff0000&size=l")
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
        assert "X-Frame-Options" not in response.headers
        csp = response["Content-Security-Policy"]
        assert "frame-ancestors *" in csp
        html = response.content.decode()
        assert _third_party_urls(html) == []
        assert "<script" not in html
        assert "#000000" in html and "#ff0000" in html
    # Elsewhere, framing stays forbidden.
    page = client.get(campaign.get_absolute_url())
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_the_widget_speaks_the_visitors_language(campaign: Any) -> None:
    client = Client()
    asked = client.get(_url(campaign) + "?lang=ar")
    assert asked["Content-Language"] == "ar"
    assert 'dir="rtl"' in asked.content.decode()
    header = client.get(_url(campaign), HTTP_ACCEPT_LANGUAGE="es-CL,es;q=0.9")
    assert header["Content-Language"] == "es"
    assert 'lang="es"' in header.content.decode()
    assert "Accept-Language" in header["Vary"]
    unknown = client.get(_url(campaign), HTTP_ACCEPT_LANGUAGE="zz")
    assert unknown["Content-Language"] == "en"


@pytest.mark.parametrize(
    "query",
    ["bg=red", "fg=12345", "accent=%23ff00zz", "size=xxl", "lang=de", "bg=" + "a" * 5000],
)
def test_bad_parameters_are_refused_with_a_reason(campaign: Any, query: str) -> None:
    response = Client().get(_url(campaign) + "?" + query)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert "Set-Cookie" not in response.headers


def test_an_unknown_or_draft_campaign_or_case_is_404(campaign: Any) -> None:
    client = Client()
    assert client.get("/widget/no-such-campaign/").status_code == 404
    assert client.get(f"/widget/{campaign.slug}/no-such-case/").status_code == 404


def test_staff_get_a_snippet_with_a_fallback_link_and_a_live_preview(
    campaign: Any, case: Any
) -> None:
    staff = signed_in(update_staff("widgets", write=False))
    response = staff.get(
        "/staff/widget/",
        {"campaign": campaign.pk, "case": case.pk, "lang": "es", "bg": "#FFFFFF", "size": "s"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    expected = f"/widget/{campaign.slug}/{case.slug}/?lang=es&amp;bg=ffffff&amp;size=s"
    assert expected in html  # in the preview's iframe
    snippet = response.context["result"]["snippet"]
    assert snippet.startswith('<iframe src="http://testserver' + expected)
    assert f'<a href="http://testserver{case.get_absolute_url()}">' in snippet  # no-iframe
    assert "<script" not in snippet
    assert "&lt;iframe" in html  # shown as text to copy, not as a second frame
    bad = staff.get("/staff/widget/", {"campaign": campaign.pk, "bg": "nope"})
    assert bad.status_code == 400
    assert Client().get("/staff/widget/").status_code == 302
