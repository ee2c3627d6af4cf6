"""A write-a-thon's print pack is one PDF in one language: per published case its story,
what we ask, the sample letter, the official's postal address and the postage note, a
solidarity card, then a sign-up sheet with the consent wording of the web forms. In Arabic
it reads right to left, in Arabic."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from tests.delivery.packs import pack_text, plain
from tests.delivery.pdf_reading import open_pdf
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.selectors import case_appeal
from writeathon.delivery.models import PrintPack
from writeathon.delivery.packs import print_pack_request
from writeathon.supporters.consents import CONSENT_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pack_holds_each_cases_ask_letter_address_and_the_consent_wording(
    campaign: Campaign, language: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pack = print_pack_request(campaign=campaign, language=language)  # the task builds it

    pack.refresh_from_db()
    assert pack.status == PrintPack.Status.READY, pack.error
    assert (pack.parts_done, pack.parts_total) == (pack.parts_total, 5)  # 4 cases, 1 sheet
    text = pack_text(pack)
    cases = list(Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED))
    assert len(cases) == 4
    for case in cases:
        appeal = case_appeal(case=case, language=language)
        assert appeal is not None and appeal.language == language
        assert plain(appeal.ask) in text, case.slug
        assert plain(appeal.letter_body) in text, case.slug
        assert plain(appeal.story) in text, case.slug
        for target in case.targets.all():
            for line in target.postal_address.splitlines():
                assert plain(line) in text, (case.slug, line)
    with translation.override(language):
        assert plain(str(CONSENT_TEXT)) in text
        assert plain("international letter" if language == "en" else "رسالة دولية") in text
    if language == "ar":
        assert plain("Keep me informed") not in text
        assert plain("What we ask") not in text
    with pack.file.open("rb") as file, open_pdf(file.read()) as document:
        assert len(document) == pack.page_count >= 4 * 3 + 1
