"""A moderator's note on a held message can quote the writer ("Erin again: insults"). Erasing
the writer empties the notes on their messages through moderation's own service; the
decisions themselves (who, when, what, why screening held it) stay, and so do the counts."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.delivery.staff import staff_user
from tests.supporters.people import data_url, writer
from writeathon.campaigns.models import Case
from writeathon.delivery.models import Delivery
from writeathon.moderation.models import ModerationDecision
from writeathon.moderation.selectors import review_counts
from writeathon.usecases.moderation import moderation_decide

pytestmark = pytest.mark.django_db

INSULT = "Dear Prosecutor,\n\nRelease him now, you idiot."


def test_erasure_empties_the_moderators_notes_on_the_writers_messages(
    case: Case, client: Client
) -> None:
    moderator = staff_user("moderator")
    erin = writer(case, email="erin@example.net", name="Erin Erasable", body=INSULT)
    omar = writer(case, email="omar@example.net", name="Omar Other", body=INSULT)
    assert erin.supporter is not None
    for action, note in ((erin, "Erin Erasable again, insulting"), (omar, "Omar Other: insult")):
        moderation_decide(
            delivery_ids=[Delivery.objects.get(action=action).pk],
            approve=False,
            note=note,
            user_id=moderator.pk,
        )
    summary_before = review_counts(user=moderator)

    response = client.post(data_url(erin.supporter, "erase"), {"confirm": "on"})

    assert response.status_code == 200
    erins = ModerationDecision.objects.get(delivery__action=erin)
    assert (erins.note, erins.decision, erins.decided_by) == (
        "",
        ModerationDecision.Decision.REJECT,
        moderator,
    )
    assert erins.reasons  # why screening held it: codes, nothing the writer wrote
    # Nobody else's notes are touched, and the decisions still count.
    assert ModerationDecision.objects.get(delivery__action=omar).note == "Omar Other: insult"
    assert review_counts(user=moderator) == summary_before
