"""Like the outbox, the moderation queue follows the sections: a section's moderator reads
and decides the held messages of their own section's supporters only; international
moderators see all; a moderator without a membership sees none."""

from __future__ import annotations

from django.contrib.auth.models import Permission

from tests.factories import StaffUserFactory
from tests.moderation.conftest import DECIDE, QUEUE, held_delivery, moderator_user, signed_in
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.moderation.models import ModerationDecision
from writeathon.sections.models import Section
from writeathon.supporters.models import Supporter

LINKED = "Dear Prosecutor, please read www.example.org and release Shawkan."


def _held_by_section(case: Case) -> tuple[Delivery, Delivery]:
    peru = held_delivery(case, email="ana@example.pe", body=LINKED)
    jordan = held_delivery(case, email="omar@example.jo", body=LINKED)
    for delivery, country in ((peru, "PE"), (jordan, "JO")):
        assert delivery.action is not None and delivery.action.supporter_id is not None
        Supporter.objects.filter(pk=delivery.action.supporter_id).update(
            section=Section.objects.get(country=country)
        )
    return peru, jordan


def test_a_sections_moderator_sees_and_decides_only_their_own(case: Case) -> None:
    peru_letter, jordan_letter = _held_by_section(case)
    peru = signed_in(moderator_user("peru", section=Section.objects.get(country="PE")))

    response = peru.get(QUEUE)
    assert [d.pk for d in response.context["page"]] == [peru_letter.pk]
    assert peru.get(QUEUE + f"{peru_letter.pk}/").status_code == 200
    assert peru.get(QUEUE + f"{jordan_letter.pk}/").status_code == 404

    peru.post(DECIDE, {"selected": [str(jordan_letter.pk)], "decision": "reject"})
    assert Delivery.objects.get(pk=jordan_letter.pk).status == Delivery.Status.HELD
    assert not ModerationDecision.objects.exists()


def test_an_international_moderator_sees_every_section(case: Case) -> None:
    peru_letter, jordan_letter = _held_by_section(case)
    everyone = signed_in(moderator_user("international"))
    response = everyone.get(QUEUE)
    assert [d.pk for d in response.context["page"]] == [peru_letter.pk, jordan_letter.pk]


def test_a_moderator_without_a_section_sees_nothing(case: Case) -> None:
    _held_by_section(case)
    user = StaffUserFactory(username="nowhere")
    user.user_permissions.add(Permission.objects.get(codename="moderate"))
    response = signed_in(user).get(QUEUE)
    assert response.status_code == 200
    assert list(response.context["page"]) == []
