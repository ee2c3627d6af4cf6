"""The confirmation page's button says how many actions it counts, in each language's plural
forms: "Confirm my action", "Confirm my 3 actions"."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import ngettext

from tests.factories import ActionFactory, SupporterFactory
from writeathon.campaigns.models import Campaign
from writeathon.supporters.services import confirmation_token_make


def _button(language: str, count: int) -> str:
    with translation.override(language):
        label = ngettext("Confirm my action", "Confirm my %(counter)s actions", count)
    return label % {"counter": count}


@pytest.mark.parametrize("language", ["en", "es", "ar"])
@pytest.mark.parametrize("count", [1, 2, 3, 11])
def test_the_button_counts_what_waits(campaign: Campaign, language: str, count: int) -> None:
    supporter = SupporterFactory()
    for case in list(campaign.cases.order_by("position"))[: min(count, 4)]:
        ActionFactory(case=case, supporter=supporter)
    # More waiting actions than cases: the other ways to act.
    ways = ["email", "solidarity", "fax", "letter", "tweet"]
    first = campaign.cases.order_by("position").first()
    assert first is not None
    for channel in ways[: max(0, count - 4)]:
        ActionFactory(case=first, supporter=supporter, channel=channel)
    waiting = min(count, 4) + len(ways[: max(0, count - 4)])

    html = (
        Client(headers={"accept-language": language})
        .get(f"/confirm/{confirmation_token_make(supporter=supporter)}/")
        .content.decode()
    )

    assert f">{_button(language, waiting)}</button>" in html
    if language != "en":
        assert _button(language, waiting) != _button("en", waiting)
