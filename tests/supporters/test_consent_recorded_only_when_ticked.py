"""Consent is kept with the exact words shown, their version and the form, only when ticked."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import translation

from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.supporters.consents import CONSENT_TEXT, CONSENT_VERSION
from writeathon.supporters.models import Consent
from writeathon.usecases.intake import ConsentGiven, action_submit


def test_service_records_the_consent_given(case: Case) -> None:
    given = ConsentGiven(text="Keep me posted, v7 wording.", version="v7", form="case-email")
    result = action_submit(
        case=case,
        channel=Channel.EMAIL,
        email="yes@example.com",
        name="Yes Writer",
        country="FR",
        language="es",
        base_url="http://testserver",
        consent=given,
    )
    consent = Consent.objects.get()
    assert consent.supporter == result.action.supporter
    assert consent.purpose == Consent.Purpose.CAMPAIGN_UPDATES
    assert (consent.text, consent.version, consent.form) == (
        "Keep me posted, v7 wording.",
        "v7",
        "case-email",
    )
    assert consent.language == "es"
    assert consent.given_at is not None
    assert consent.withdrawn_at is None


def test_service_records_no_consent_when_none_given(case: Case) -> None:
    action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email="no@example.com",
        name="No Writer",
        country="FR",
        language="en",
        base_url="http://testserver",
    )
    assert Action.objects.count() == 1
    assert Consent.objects.count() == 0


def test_form_with_box_ticked_records_the_words_shown(
    client: Client, case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            act_url(case, "signature"),
            action_form_data("signature", consent="on"),
            HTTP_ACCEPT_LANGUAGE="es",
        )
    assert response.status_code == 302
    consent = Consent.objects.get()
    with translation.override("es"):
        shown = str(CONSENT_TEXT)
    assert consent.text == shown
    assert consent.version == CONSENT_VERSION
    assert consent.form == "case-signature"
    assert consent.language == "es"
    assert consent.supporter.email == "amira@example.com"


def test_form_with_box_unticked_records_nothing(
    client: Client, case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(act_url(case, "email"), action_form_data("email"))
    assert response.status_code == 302
    assert Action.objects.count() == 1
    assert Consent.objects.count() == 0
