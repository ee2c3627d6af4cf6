"""Many near-identical messages from one source: the first MODERATION_FLOOD_LIMIT pass, the
rest are held. The same text from different sources passes, the campaign's sample letter is
never a flood, and a flood is forgotten once the window has passed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Appeal, Case
from writeathon.moderation.models import RecentMessage, ScreeningResult
from writeathon.moderation.screening import near_duplicates, source_hash
from writeathon.moderation.services import recent_messages_purge

SPAM = "Dear Prosecutor, buy cheap watches at our shop today and release Shawkan. {n}"


@pytest.fixture(autouse=True)
def _limit(settings: Any) -> None:
    settings.MODERATION_FLOOD_LIMIT = 3
    settings.MODERATION_FLOOD_WINDOW_HOURS = 24


def _post(client: Client, case: Case, n: int, body: str) -> Action:
    data = action_form_data("email", email=f"writer{n}@example.net", body=body)
    assert client.post(act_url(case, "email"), data).status_code == 302
    return Action.objects.get(supporter__email=f"writer{n}@example.net")


def _held(action: Action) -> list[str]:
    result = ScreeningResult.objects.filter(action=action).first()
    return result.reason_codes if result is not None else []


def test_a_flood_from_one_address_is_held_after_the_limit(case: Case) -> None:
    one_address = Client(REMOTE_ADDR="203.0.113.7")
    actions = [_post(one_address, case, n, SPAM.format(n=n)) for n in range(6)]
    assert [_held(action) for action in actions] == [[], [], [], ["flood"], ["flood"], ["flood"]]
    # Kept as a keyed hash: the address itself is nowhere in the table.
    assert not RecentMessage.objects.filter(source_hash__contains="203.0.113.7").exists()
    assert set(RecentMessage.objects.values_list("source_hash", flat=True)) == {
        source_hash("ip:203.0.113.7")
    }


def test_the_same_text_from_different_addresses_passes(case: Case) -> None:
    actions = [
        _post(Client(REMOTE_ADDR=f"203.0.113.{n + 10}"), case, n, SPAM.format(n=0))
        for n in range(6)
    ]
    assert [_held(action) for action in actions] == [[]] * 6


def test_different_messages_from_one_address_pass(case: Case) -> None:
    school = Client(REMOTE_ADDR="198.51.100.20")
    bodies = [
        "Dear Prosecutor, I am a student in Lyon and I learnt about Shawkan today.",
        "Journalism is not a crime. Please let Shawkan go home to his family.",
        "As a photographer myself, I ask you to free Shawkan without delay.",
        "Mr Sadek, please show the world that Egypt respects its journalists.",
        "Shawkan took pictures. That is all. Please release him and drop the charges.",
    ]
    actions = [_post(school, case, n, body) for n, body in enumerate(bodies)]
    assert [_held(action) for action in actions] == [[]] * 5


def test_the_sample_letter_from_a_whole_school_is_no_flood(case: Case) -> None:
    school = Client(REMOTE_ADDR="198.51.100.20")
    sample = Appeal.objects.get(case=case, language="en").letter_body
    actions = [_post(school, case, n, sample + f"\n\nPupil {n}") for n in range(6)]
    assert [_held(action) for action in actions] == [[]] * 6
    # And they do not count towards a flood of something else.
    more = [_post(school, case, 10 + n, SPAM.format(n=n)) for n in range(3)]
    assert [_held(action) for action in more] == [[]] * 3


def test_an_ipv6_household_is_one_source(case: Case) -> None:
    actions = [
        _post(Client(REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}"), case, n, SPAM.format(n=n))
        for n in range(4)
    ]
    assert [_held(action) for action in actions] == [[], [], [], ["flood"]]


def test_a_flood_is_forgotten_after_the_window(case: Case) -> None:
    one_address = Client(REMOTE_ADDR="203.0.113.7")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(3):
            _post(one_address, case, n, SPAM.format(n=n))
    with time_machine.travel(start + timedelta(hours=25), tick=False):
        assert _held(_post(one_address, case, 3, SPAM.format(n=3))) == []
        assert recent_messages_purge() == 3
    assert RecentMessage.objects.count() == 1


def test_near_duplicates_are_alike_texts_not_short_ones_inside_long_ones() -> None:
    assert near_duplicates("free shawkan now please", "free shawkan now please!")
    assert near_duplicates(
        "release shawkan now, he is innocent", "he is innocent, release shawkan now"
    )
    assert not near_duplicates("free shawkan", "free shawkan, a photojournalist jailed for years")
    assert not near_duplicates("free shawkan now", "free ilham tohti now, he is a professor")
