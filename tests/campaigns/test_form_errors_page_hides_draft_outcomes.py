"""The case page shown again with form errors shows published news only, like the page itself."""

from __future__ import annotations

from datetime import date

from django.test import Client

from tests.factories import act_url, action_form_data
from writeathon.campaigns.models import Case, Outcome, OutcomeText


def test_draft_outcome_stays_hidden_after_a_form_error(case: Case) -> None:
    draft = Outcome.objects.create(
        case=case, happened_on=date(2017, 3, 1), kind=Outcome.Kind.OTHER, is_published=False
    )
    OutcomeText.objects.create(outcome=draft, language="en", text="Draft news not yet checked")
    published = Outcome.objects.create(
        case=case,
        happened_on=date(2017, 2, 1),
        kind=Outcome.Kind.CONDITIONS_IMPROVED,
        summary="A note for staff only",
        is_published=True,
    )
    OutcomeText.objects.create(outcome=published, language="en", text="Published news")
    client = Client()
    page = client.post(act_url(case, "signature"), action_form_data("signature", name=""))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Published news" in html
    assert "Draft news not yet checked" not in html
    assert "A note for staff only" not in html
