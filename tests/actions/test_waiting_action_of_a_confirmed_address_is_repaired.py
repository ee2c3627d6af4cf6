"""An action left waiting although its address is confirmed counts when it is sent again."""

from __future__ import annotations

from django.utils import timezone

from tests.factories import ActionFactory, SupporterFactory
from writeathon.actions.models import Action, Channel
from writeathon.actions.services import action_submit
from writeathon.campaigns.models import Case
from writeathon.reporting.selectors import counter_snapshot


def test_a_repeat_counts_the_stranded_action_once(case: Case) -> None:
    # The state a confirmation racing a submission could leave: confirmed address,
    # waiting action.
    supporter = SupporterFactory(email="omar@example.net", confirmed_at=timezone.now())
    stranded = ActionFactory(case=case, supporter=supporter, channel=Channel.SIGNATURE)
    assert stranded.status == Action.Status.PENDING

    def again() -> bool:
        return action_submit(
            case=case,
            channel=Channel.SIGNATURE,
            email="omar@example.net",
            name="Omar",
            country="MA",
            language="en",
            base_url="http://testserver",
        ).counted

    assert again() is True
    assert again() is False
    stranded.refresh_from_db()
    assert stranded.status == Action.Status.CONFIRMED
    assert counter_snapshot(campaign=case.campaign).cases["shawkan"] == 1
