"""Staff cannot give a case an SMS keyword that would be ambiguous or reserved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from writeathon.campaigns.models import Campaign, Case


@pytest.mark.parametrize(
    ("keyword", "error"),
    [
        ("stop", "kept for HELP and STOP"),
        ("HELP", "kept for HELP and STOP"),
        ("two words", "one word"),
        ("x", "one word"),
        ("ILHAM", "already uses this keyword"),
    ],
)
def test_bad_keywords_are_refused(campaign: Campaign, keyword: str, error: str) -> None:
    case = campaign.cases.get(slug="shawkan")
    case.sms_keyword = keyword
    with pytest.raises(ValidationError) as raised:
        case.full_clean()
    assert error in str(raised.value.message_dict["sms_keyword"])


def test_a_good_keyword_is_stored_in_capitals(campaign: Campaign) -> None:
    case = campaign.cases.get(slug="shawkan")
    case.sms_keyword = " freeshawkan "
    case.full_clean()
    assert case.sms_keyword == "FREESHAWKAN"


def test_the_sample_cases_have_distinct_keywords(campaign: Campaign) -> None:
    keywords = list(Case.objects.filter(campaign=campaign).values_list("sms_keyword", flat=True))
    assert sorted(keywords) == ["ANNIE", "ILHAM", "LEONARD", "SHAWKAN"]


def test_a_fax_number_is_checked_and_stored_in_one_form(campaign: Campaign) -> None:
    target = campaign.cases.get(slug="shawkan").targets.get()
    target.fax = "+1 (202) 555-0142"
    target.full_clean()
    assert target.fax == "+12025550142"
    target.fax = "12345"
    with pytest.raises(ValidationError) as raised:
        target.full_clean()
    assert "not a valid fax number" in str(raised.value.message_dict["fax"])
