"""A supporter who stopped all email can start it again from their data page, agreeing to
the consent's own words: the consent is kept as the trace, and notices are made again."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.delivery.outbox import outbox_pass
from tests.supporters.people import data_url, writer
from writeathon.actions.forms import CONSENT_TEXT, CONSENT_VERSION
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Consent, Supporter
from writeathon.supporters.services import supporter_email_resume

pytestmark = pytest.mark.django_db


def test_the_data_page_starts_email_again_with_a_new_consent(case: Case, client: Client) -> None:
    action = writer(case, email="again@example.net")
    assert action.supporter is not None
    supporter = action.supporter
    page = data_url(supporter)
    client.post(data_url(supporter, "stop-email"))
    html = client.get(page).content.decode()
    assert "Receive our emails again" in html
    assert str(CONSENT_TEXT) in html

    # Without the box ticked: a clear error beside it, a 400, and nothing changes.
    refused = client.post(data_url(supporter, "email-again"), {})
    assert refused.status_code == 400
    assert "Tick the box to agree to receive our emails again." in refused.content.decode()
    assert Supporter.objects.get(pk=supporter.pk).email_stopped_at is not None

    response = client.post(data_url(supporter, "email-again"), {"consent": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith("/my-data/")
    assert Supporter.objects.get(pk=supporter.pk).email_stopped_at is None
    consent = Consent.objects.get(supporter=supporter, withdrawn_at__isnull=True)
    assert consent.text == str(CONSENT_TEXT)
    assert consent.version == CONSENT_VERSION
    assert consent.form == "data-page-email-again"
    assert consent.purpose == Consent.Purpose.CAMPAIGN_UPDATES
    html = client.get(page).content.decode()
    assert "Stopped on" not in html
    assert "Receive our emails again" not in html

    # Notices are made again: the letter reaches the official, its notice follows.
    outbox_pass()
    assert Delivery.objects.filter(action=action, kind=Delivery.Kind.NOTICE).exists()


def test_starting_again_when_email_was_not_stopped_changes_nothing(case: Case) -> None:
    action = writer(case, email="never-stopped@example.net")
    assert action.supporter is not None
    consents = Consent.objects.count()
    started = supporter_email_resume(
        supporter_id=action.supporter.pk, text="words", version="v", form="f", language="en"
    )
    assert started is False
    assert Consent.objects.count() == consents
