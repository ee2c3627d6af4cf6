"""Staff write an update in the languages they have, preview it as each supporter will
read it, and send it: every consenting supporter of the audience gets it once, in their
language, else in the fallback language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from tests.delivery.outbox import outbox_pass
from tests.factories import CaseFactory
from tests.reporting.impact_data import writer
from tests.reporting.staff import signed_in, update_staff
from writeathon.delivery.models import Delivery
from writeathon.reporting.models import Update
from writeathon.sections.models import Section

pytestmark = pytest.mark.django_db

NEW = "/staff/updates/new/"


def _form(case: Any, /, **fields: str) -> dict[str, str]:
    data = {
        "audience": "case",
        "campaign": str(case.campaign_id),
        "case": str(case.pk),
        "section": "",
        "fallback_language": "en",
        "subject_en": "News of the campaign",
        "body_en": "Thank you: the court will hear the case again.",
        "subject_es": "Noticias de la campaña",
        "body_es": "Gracias: el tribunal volverá a ver el caso.",
        "subject_ar": "",
        "body_ar": "",
    }
    return data | fields


def _send_all() -> None:
    while outbox_pass().delivered:
        pass


def test_an_update_reaches_each_supporter_in_their_language_or_the_fallback(
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = CaseFactory()
    english, spanish, arabic = (writer(case, language=code) for code in ("en", "es", "ar"))
    writer(case, consents=False)
    staff = signed_in(update_staff("writer"))

    saved = staff.post(NEW, _form(case))
    assert saved.status_code == 302
    update = Update.objects.get()
    assert update.status == Update.Status.DRAFT

    page = staff.get(f"/staff/updates/{update.pk}/?lang=es")
    html = page.content.decode()
    assert "Gracias: el tribunal" in html and "Noticias de la campaña" in html
    fallback = staff.get(f"/staff/updates/{update.pk}/?lang=ar").content.decode()
    assert "the court will hear the case again" in fallback  # Arabic readers get English
    assert "Send to 3 supporters" in html
    assert mail.outbox == []  # a preview sends nothing

    with django_capture_on_commit_callbacks(execute=True):
        sent = staff.post(f"/staff/updates/{update.pk}/send/")
    assert sent.status_code == 302
    _send_all()
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert len(mail.outbox) == 3
    assert "Gracias: el tribunal" in bodies[str(spanish.email)]
    assert "the court will hear the case again" in bodies[str(english.email)]
    assert "the court will hear the case again" in bodies[str(arabic.email)]
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[str(spanish.email)] == "Noticias de la campaña"

    # Sending again, or changing it now, changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/staff/updates/{update.pk}/send/")
    assert staff.post(f"/staff/updates/{update.pk}/edit/", _form(case)).status_code == 302
    _send_all()
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(idempotency_key__startswith=update.key_prefix).count() == 3
    listing = staff.get("/staff/updates/").content.decode()
    assert f"#{update.pk}" in listing


def test_bad_updates_are_refused_with_a_reason_and_nothing_saved() -> None:
    case = CaseFactory()
    other = CaseFactory()
    staff = signed_in(update_staff("writer"))
    for fields in (
        {"subject_en": "", "body_en": "", "subject_es": "", "body_es": ""},  # no language
        {"body_en": ""},  # subject without text
        {"fallback_language": "ar"},  # no Arabic text to fall back on
        {"case": str(other.pk)},  # a case of another campaign
        {"audience": "nobody"},
        {"campaign": "9" * 40},
    ):
        response = staff.post(NEW, _form(case, **fields))
        assert response.status_code == 400, fields
    assert Update.objects.count() == 0


def test_section_staff_write_to_their_own_section_only(
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = CaseFactory()
    mine = Section.objects.create(name="Section Chile", short_name="cl", country="CL")
    theirs = Section.objects.create(name="Section Peru", short_name="pe", country="PE")
    ours, not_ours = writer(case, section=mine), writer(case, section=theirs)
    staff = signed_in(update_staff("chile", section=mine))

    assert staff.post(NEW, _form(case, section=str(theirs.pk))).status_code == 400
    assert staff.post(NEW, _form(case)).status_code == 302
    update = Update.objects.get()
    assert update.section == mine
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/staff/updates/{update.pk}/send/")
    _send_all()
    assert [m.to[0] for m in mail.outbox] == [ours.email]
    assert not_ours.email not in [m.to[0] for m in mail.outbox]

    other_staff = signed_in(update_staff("peru", section=theirs))
    assert other_staff.get(f"/staff/updates/{update.pk}/").status_code == 404


def test_readers_without_the_write_permission_cannot_write_or_send() -> None:
    case = CaseFactory()
    reader = signed_in(update_staff("reader", write=False))
    assert reader.get("/staff/updates/").status_code == 200
    assert reader.post(NEW, _form(case)).status_code == 403
    assert Update.objects.count() == 0
