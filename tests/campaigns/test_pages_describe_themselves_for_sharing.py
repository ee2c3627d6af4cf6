"""A shared link to a case or campaign previews with its own title and words."""

from __future__ import annotations

import html

from django.test import Client

from writeathon.campaigns.models import Case
from writeathon.campaigns.selectors import case_appeal


def _meta(page: str, prop: str) -> str:
    marker = f'<meta property="{prop}" content="'
    start = page.index(marker) + len(marker)
    return html.unescape(page[start : page.index('"', start)])


def test_case_page_previews_with_the_case_name_and_short_text(case: Case) -> None:
    page = Client().get(case.get_absolute_url()).content.decode()
    appeal = case_appeal(case=case, language="en")
    assert appeal is not None
    assert _meta(page, "og:title") == "Shawkan"
    assert _meta(page, "og:description") == appeal.short_text
    assert 'rel="icon"' in page


def test_campaign_page_previews_with_its_title_and_tagline(case: Case) -> None:
    page = Client(headers={"accept-language": "es"}).get("/").content.decode()
    assert _meta(page, "og:title") == "Escribe por los derechos 2016"
    assert _meta(page, "og:description") == case.campaign.texts.get(language="es").tagline
