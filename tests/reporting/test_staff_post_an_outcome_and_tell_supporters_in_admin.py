"""Staff post an outcome in the admin with its texts; ticking "Tell supporters" on a
published outcome sends one email to each consenting writer, once, however often it is
saved with the box ticked."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.delivery.outbox import outbox_pass
from tests.factories import CaseFactory
from tests.reporting.impact_data import writer
from writeathon.campaigns.models import Outcome
from writeathon.reporting.models import Update

pytestmark = pytest.mark.django_db


def _texts(total: int = 2) -> dict[str, str]:
    data = {
        "texts-TOTAL_FORMS": str(total),
        "texts-INITIAL_FORMS": "0",
        "texts-MIN_NUM_FORMS": "0",
        "texts-MAX_NUM_FORMS": "1000",
    }
    if total:
        data |= {
            "texts-0-language": "en",
            "texts-0-text": "Released today.",
            "texts-1-language": "es",
            "texts-1-text": "Liberada hoy.",
        }
    return data


def test_a_published_outcome_with_tell_supporters_emails_each_writer_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = CaseFactory()
    english, spanish = writer(case), writer(case, language="es")
    writer(case, consents=False)
    user = get_user_model().objects.create_superuser(username="staff", password="pw-staff-1")
    client = Client()
    client.force_login(user)
    fields = {
        "case": str(case.pk),
        "happened_on": "2031-02-03",
        "kind": "released",
        "summary": "Source: the family.",
        "photo_alt": "",
        "is_published": "on",
        "tell_supporters": "on",
        **_texts(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/campaigns/outcome/add/", fields)
    assert response.status_code == 302, response.content
    outcome = Outcome.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            f"/admin/campaigns/outcome/{outcome.pk}/change/",
            fields | {**_texts(0), "texts-INITIAL_FORMS": "0"},
        )
    assert again.status_code == 302, again.content
    while outbox_pass().delivered:
        pass
    assert sorted(m.to[0] for m in mail.outbox) == sorted([str(english.email), str(spanish.email)])
    bodies = {m.to[0]: str(m.body) for m in mail.outbox}
    assert "Liberada hoy." in bodies[str(spanish.email)]
    assert "Source: the family." not in "".join(bodies.values())
    assert Update.objects.get().outcome == outcome


def test_an_unpublished_outcome_tells_nobody_even_with_the_box_ticked(
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = CaseFactory()
    writer(case)
    user = get_user_model().objects.create_superuser(username="staff", password="pw-staff-1")
    client = Client()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/campaigns/outcome/add/",
            {
                "case": str(case.pk),
                "happened_on": "2031-02-03",
                "kind": "other",
                "summary": "",
                "photo_alt": "",
                "tell_supporters": "on",
                **_texts(),
            },
        )
    assert response.status_code == 302
    outbox_pass()
    assert mail.outbox == []
    assert Update.objects.count() == 0
