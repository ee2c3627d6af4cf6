"""Case content in the reader's language, else in the campaign's default language."""

from __future__ import annotations

import pytest

from tests.factories import AppealFactory, CampaignFactory, CampaignTextFactory, CaseFactory
from writeathon.campaigns.models import Case
from writeathon.campaigns.selectors import campaign_text, case_appeal


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_sample_appeal_in_each_shipped_language(case: Case, language: str) -> None:
    appeal = case_appeal(case=case, language=language)
    assert appeal is not None
    assert appeal.language == language


def test_regional_variant_uses_its_base_language(case: Case) -> None:
    appeal = case_appeal(case=case, language="es-mx")
    assert appeal is not None
    assert appeal.language == "es"


@pytest.mark.django_db
def test_unknown_language_falls_back_to_campaign_default() -> None:
    # The default is not the first appeal created, so the fallback cannot be a lucky accident.
    case = CaseFactory(campaign=CampaignFactory(default_language="es"))
    AppealFactory(case=case, language="ar")
    spanish = AppealFactory(case=case, language="es")
    AppealFactory(case=case, language="en")

    chosen = case_appeal(case=case, language="fr")
    assert chosen == spanish


@pytest.mark.django_db
def test_any_appeal_when_even_the_default_is_missing() -> None:
    case = CaseFactory(campaign=CampaignFactory(default_language="es"))
    arabic = AppealFactory(case=case, language="ar")
    assert case_appeal(case=case, language="fr") == arabic
    assert case_appeal(case=CaseFactory(), language="en") is None


@pytest.mark.django_db
def test_campaign_text_falls_back_the_same_way() -> None:
    campaign = CampaignFactory(default_language="en")
    CampaignTextFactory(campaign=campaign, language="ar")
    english = CampaignTextFactory(campaign=campaign, language="en")
    assert campaign_text(campaign=campaign, language="de") == english
