"""/counter.json answers 404 to a campaign parameter that cannot be a slug, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from writeathon.campaigns.models import Campaign


@pytest.mark.parametrize(
    "slug",
    ["\x00", "write-for-rights-2016\x00", "a" * 81, "../admin", "<script>", "ñandú", "a b"],
)
def test_malformed_campaign_parameter_is_404(campaign: Campaign, slug: str) -> None:
    response = Client().get("/counter.json", {"campaign": slug})
    assert response.status_code == 404


def test_head_requests_are_answered(campaign: Campaign) -> None:
    # Load balancers and caches check with HEAD.
    assert Client().head("/counter.json").status_code == 200
    assert Client().head("/healthz").status_code == 200
