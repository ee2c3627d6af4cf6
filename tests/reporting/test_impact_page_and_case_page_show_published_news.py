"""The impact page lists published outcomes of every edition, newest first, in the
reader's language; the case page shows its outcomes and the officials' responses staff
chose to show; nothing unpublished, and no staff note, appears."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import CampaignFactory, CaseFactory, TargetFactory
from tests.reporting.impact_data import outcome_post
from writeathon.campaigns.models import OfficialResponse, Outcome, response_file_validate

pytestmark = pytest.mark.django_db


def test_the_timeline_spans_editions_in_the_readers_language() -> None:
    old = CaseFactory(
        campaign=CampaignFactory(
            opens_at=datetime(2019, 11, 1, tzinfo=UTC),
            closes_at=datetime(2020, 1, 31, tzinfo=UTC),
            edition_year=2019,
        )
    )
    new = CaseFactory(
        campaign=CampaignFactory(opens_at=datetime(2030, 11, 1, tzinfo=UTC), edition_year=2030)
    )
    outcome_post(old, texts={"en": "Freed in 2020.", "es": "Liberada en 2020."})
    outcome_post(new, texts={"en": "Charges dropped."}, kind=Outcome.Kind.CHARGES_DROPPED)
    hidden = outcome_post(new, texts={"en": "Not checked yet."})
    hidden.is_published = False
    hidden.save()
    draft_case = CaseFactory(campaign=new.campaign, status="draft")
    outcome_post(draft_case, texts={"en": "A draft case's news."})

    html = Client().get("/impact/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Liberada en 2020." in html
    assert "Charges dropped." in html  # no Spanish text: the campaign's language
    assert "Not checked yet." not in html
    assert "A draft case&#x27;s news." not in html and "draft case" not in html
    assert html.index("2030") < html.index("2019")
    assert 'lang="en"' in html  # the English text is marked as such on a Spanish page


def test_the_campaign_page_links_to_the_impact_page(campaign: Any) -> None:
    assert 'href="/impact/"' in Client().get(campaign.get_absolute_url()).content.decode()


def test_the_case_page_shows_outcomes_and_chosen_responses(case: Any) -> None:
    outcome = outcome_post(case, texts={"en": "Conditions are better now."})
    Outcome.objects.filter(pk=outcome.pk).update(summary="Staff only: source is the lawyer")
    target = TargetFactory(case=case)
    OfficialResponse.objects.create(
        case=case,
        target=target,
        responded_on=date(2031, 1, 5),
        summary="The ministry says it is reviewing the file.",
        is_public=True,
    )
    OfficialResponse.objects.create(
        case=case,
        official="A governor",
        responded_on=date(2031, 1, 6),
        summary="Kept for staff.",
        is_public=False,
    )
    html = Client().get(case.get_absolute_url()).content.decode()
    assert "Conditions are better now." in html
    assert "The ministry says it is reviewing the file." in html
    assert "Kept for staff." not in html
    assert "Staff only" not in html


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("letter.pdf", b"GIF89a not a pdf"),
        ("photo.png", b"%PDF-1.4 not an image"),
        ("run.exe", b"MZ"),
        ("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
    ],
)
def test_a_response_file_must_be_a_real_pdf_or_image_of_reasonable_size(
    name: str, content: bytes
) -> None:
    with pytest.raises(ValidationError):
        response_file_validate(SimpleUploadedFile(name, content))


def test_a_real_pdf_is_accepted() -> None:
    response_file_validate(SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%%EOF\n"))
