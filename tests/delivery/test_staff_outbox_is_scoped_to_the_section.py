"""A section's staff see and act on the deliveries of their own section's supporters only."""

from __future__ import annotations

from django.urls import reverse

from tests.delivery.outbox import confirmed_action
from tests.delivery.staff import signed_in, staff_user
from writeathon.campaigns.models import Campaign
from writeathon.delivery.models import Delivery
from writeathon.sections.models import Section
from writeathon.supporters.models import Supporter


def _letters(campaign: Campaign) -> tuple[Delivery, Delivery]:
    case = campaign.cases.get(slug="shawkan")
    peru = confirmed_action(case, email="ana@example.pe", name="Ana Quispe")
    jordan = confirmed_action(case, email="omar@example.jo", name="Omar Haddad")
    assert peru.supporter_id is not None and jordan.supporter_id is not None
    Supporter.objects.filter(pk=peru.supporter_id).update(section=Section.objects.get(country="PE"))
    Supporter.objects.filter(pk=jordan.supporter_id).update(
        section=Section.objects.get(country="JO")
    )
    Delivery.objects.update(status=Delivery.Status.DEAD, last_error="550 blocked")
    return Delivery.objects.get(action=peru), Delivery.objects.get(action=jordan)


def test_peru_staff_see_and_retry_only_peru_letters(campaign: Campaign) -> None:
    peru_letter, jordan_letter = _letters(campaign)
    peru_staff = signed_in(staff_user("peru", section=Section.objects.get(country="PE")))

    page = peru_staff.get(reverse("outbox:list")).content.decode()
    assert f"/staff/outbox/{peru_letter.pk}/" in page
    assert f"/staff/outbox/{jordan_letter.pk}/" not in page
    assert peru_staff.get(reverse("outbox:detail", args=[peru_letter.pk])).status_code == 200
    assert peru_staff.get(reverse("outbox:detail", args=[jordan_letter.pk])).status_code == 404

    # Posting another section's id changes nothing.
    peru_staff.post(reverse("outbox:retry"), {"ids": [jordan_letter.pk], "one": jordan_letter.pk})
    jordan_letter.refresh_from_db()
    assert jordan_letter.status == Delivery.Status.DEAD

    # A section prints its own supporters' letters only
    # (tests/sections/test_a_section_prints_only_its_own_letters.py).
    runs = peru_staff.get(reverse("outbox:print-runs"))
    assert runs.status_code == 200
    assert runs.context["section"] == Section.objects.get(country="PE")


def test_international_staff_see_every_letter(campaign: Campaign) -> None:
    peru_letter, jordan_letter = _letters(campaign)
    everyone = signed_in(staff_user("international"))
    page = everyone.get(reverse("outbox:list")).content.decode()
    assert f"/staff/outbox/{peru_letter.pk}/" in page
    assert f"/staff/outbox/{jordan_letter.pk}/" in page
    assert everyone.get(reverse("outbox:print-runs")).status_code == 200
