"""Staff hand a case's signatures to an official: a section's staff those of their own
section's supporters, international staff every signer. They preview the count, make the
hand-in, download its PDF and CSV, and mark it handed in; another section's staff reach none
of it, and bad input changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.delivery.pdf_reading import page_texts
from tests.delivery.petitions import petition_staff, signature
from tests.delivery.staff import signed_in, staff_user
from writeathon.campaigns.models import Case, Target
from writeathon.delivery.models import HandIn
from writeathon.sections.models import Section


@pytest.fixture(autouse=True)
def _pdf_cache(settings: Any, tmp_path: Any) -> None:
    settings.PDF_CACHE_DIR = tmp_path


@pytest.fixture
def signed(case: Case) -> None:
    signature(case, email="ana@example.pe", name="Ana Quispe", country="PE")
    signature(case, email="luis@example.pe", name="Luis Mamani", country="PE")
    signature(case, email="omar@example.jo", name="Omar Haddad", country="JO")


def _case_url(case: Case) -> str:
    return reverse("outbox:hand-in-case", kwargs={"case_id": case.pk})


def _make(client: Client, case: Case, target: Target, up_to: str = "") -> Any:
    return client.post(_case_url(case), {"target": target.pk, "up_to": up_to})


def _download(client: Client, hand_in: HandIn, what: str) -> Any:
    return client.get(reverse(f"outbox:hand-in-{what}", kwargs={"hand_in_id": hand_in.pk}))


def _texts(pdf: bytes) -> str:
    return " ".join(" ".join(page_texts(pdf)).split())


@pytest.mark.usefixtures("signed")
def test_a_sections_staff_hand_in_their_own_signers(case: Case) -> None:
    peru = signed_in(petition_staff("peru", section=Section.objects.get(country="PE")))
    target = case.targets.first()
    assert target is not None

    listing = peru.get(reverse("outbox:hand-ins"))
    assert listing.status_code == 200
    assert _case_url(case) in listing.content.decode()

    preview = peru.get(_case_url(case), {"target": str(target.pk), "up_to": ""})
    assert preview.status_code == 200
    assert "This hand-in would carry 2 signatures." in preview.content.decode()
    assert not HandIn.objects.exists()  # a preview makes nothing

    response = _make(peru, case, target)
    assert response.status_code == 302
    hand_in = HandIn.objects.get()
    assert (hand_in.count, hand_in.section, hand_in.target) == (
        2,
        Section.objects.get(country="PE"),
        target,
    )
    assert LogEntry.objects.filter(object_id=str(hand_in.pk), action_flag=ADDITION).exists()

    pdf = _download(peru, hand_in, "pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"]
    text = _texts(pdf.content)
    assert "Ana Quispe" in text and "Luis Mamani" in text
    assert "Omar Haddad" not in text
    csv = _download(peru, hand_in, "csv").content.decode()
    assert "Ana Quispe" in csv and "Omar Haddad" not in csv

    page = peru.get(_case_url(case)).content.decode()
    assert reverse("outbox:hand-in-done", kwargs={"hand_in_id": hand_in.pk}) in page


@pytest.mark.usefixtures("signed")
def test_another_sections_staff_reach_none_of_it(case: Case) -> None:
    peru = signed_in(petition_staff("peru", section=Section.objects.get(country="PE")))
    jordan = signed_in(petition_staff("jordan", section=Section.objects.get(country="JO")))
    target = case.targets.first()
    assert target is not None
    _make(peru, case, target)
    hand_in = HandIn.objects.get()

    assert _download(jordan, hand_in, "pdf").status_code == 404
    assert _download(jordan, hand_in, "csv").status_code == 404
    done_url = reverse("outbox:hand-in-done", kwargs={"hand_in_id": hand_in.pk})
    assert jordan.get(done_url).status_code == 404
    assert jordan.post(done_url, {"handed_in_on": "2016-12-10"}).status_code == 404
    hand_in.refresh_from_db()
    assert hand_in.handed_in_on is None
    page = jordan.get(_case_url(case)).content.decode()
    assert f"hand-in-{hand_in.pk}" not in page
    # Jordan's own hand-in carries Jordan's signer only.
    _make(jordan, case, target)
    assert HandIn.objects.get(section__country="JO").count == 1


@pytest.mark.usefixtures("signed")
def test_international_staff_hand_in_every_signer(case: Case) -> None:
    everyone = signed_in(petition_staff("international"))
    target = case.targets.first()
    assert target is not None

    _make(everyone, case, target)

    hand_in = HandIn.objects.get()
    assert (hand_in.count, hand_in.section) == (3, None)
    text = _texts(_download(everyone, hand_in, "pdf").content)
    assert all(name in text for name in ("Ana Quispe", "Luis Mamani", "Omar Haddad"))


@pytest.mark.usefixtures("signed")
def test_marking_it_handed_in_records_the_day(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    peru_user = petition_staff("peru", section=Section.objects.get(country="PE"))
    peru = signed_in(peru_user)
    target = case.targets.first()
    assert target is not None
    _make(peru, case, target)
    hand_in = HandIn.objects.get()
    done_url = reverse("outbox:hand-in-done", kwargs={"hand_in_id": hand_in.pk})

    assert peru.get(done_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = peru.post(done_url, {"handed_in_on": "2016-12-10"})

    assert response.status_code == 302
    hand_in.refresh_from_db()
    assert hand_in.handed_in_on == datetime.date(2016, 12, 10)
    assert hand_in.handed_in_by == peru_user
    assert hand_in.signers_told_at is not None
    assert LogEntry.objects.filter(object_id=str(hand_in.pk), action_flag=CHANGE).exists()
    # A second mark changes nothing.
    peru.post(done_url, {"handed_in_on": "2016-12-11"})
    hand_in.refresh_from_db()
    assert hand_in.handed_in_on == datetime.date(2016, 12, 10)


@pytest.mark.usefixtures("signed")
def test_bad_input_is_refused_and_changes_nothing(case: Case, campaign: Any) -> None:
    peru = signed_in(petition_staff("peru", section=Section.objects.get(country="PE")))
    other_case = Case.objects.filter(campaign=campaign).exclude(pk=case.pk).first()
    assert other_case is not None
    other_target = other_case.targets.first()
    target = case.targets.first()
    assert target is not None and other_target is not None
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    for data in (
        {"target": other_target.pk},  # an official of another case
        {"target": "1 OR 1=1"},
        {"target": target.pk, "up_to": "not a day"},
        {"target": target.pk, "up_to": tomorrow},
    ):
        response = peru.post(_case_url(case), data)
        assert response.status_code == 400, data
    assert not HandIn.objects.exists()
    assert (
        peru.get(_case_url(case), {"target": str(target.pk), "up_to": tomorrow}).status_code == 400
    )

    _make(peru, case, target)
    hand_in = HandIn.objects.get()
    done_url = reverse("outbox:hand-in-done", kwargs={"hand_in_id": hand_in.pk})
    for day in ("", "10/12/2016x", tomorrow):
        assert peru.post(done_url, {"handed_in_on": day}).status_code == 400
    hand_in.refresh_from_db()
    assert hand_in.handed_in_on is None
    assert peru.get(reverse("outbox:hand-in-case", kwargs={"case_id": 999999})).status_code == 404


def test_only_staff_with_the_permission_reach_the_pages(case: Case) -> None:
    target = case.targets.first()
    assert target is not None
    url = reverse("outbox:hand-ins")
    assert Client().get(url).status_code == 302  # to the login page
    outbox_only = signed_in(staff_user("outbox-only", section=Section.objects.get(country="PE")))
    assert outbox_only.get(url).status_code == 403
    assert outbox_only.post(_case_url(case), {"target": target.pk}).status_code == 403
    readers = signed_in(
        petition_staff("reader", section=Section.objects.get(country="PE"), hand_in=("view",))
    )
    assert readers.get(url).status_code == 200
    assert _make(readers, case, target).status_code == 403
    assert not HandIn.objects.exists()
