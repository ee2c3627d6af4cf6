"""The confirmation page lists what waits for the address; the owner keeps what they did.

Anyone can type anyone's address into a form. What the owner unticks is declined: it never
counts, its consent is withdrawn, and the owner can still take that action themselves.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

from tests.factories import act_url, action_form_data
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign
from writeathon.supporters.models import Consent, Supporter
from writeathon.supporters.services import BROWSER_COOKIE, confirmation_token_make


def _act(client: Client, case: Any, channel: str, capture: Any, **fields: str) -> None:
    with capture(execute=True):
        response = client.post(
            act_url(case, channel),
            action_form_data(channel, email="leila@example.net", **fields),
        )
    assert response.status_code == 302


def test_owner_keeps_their_own_action_and_declines_a_strangers(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    shawkan = campaign.cases.get(slug="shawkan")
    peltier = campaign.cases.get(slug="leonard-peltier")
    owner, stranger = Client(), Client()
    _act(owner, shawkan, "signature", django_capture_on_commit_callbacks, name="Leila")
    _act(
        stranger,
        peltier,
        "email",
        django_capture_on_commit_callbacks,
        name="Not Leila",
        consent="on",
    )
    supporter = Supporter.objects.get(email="leila@example.net")
    link = f"/confirm/{confirmation_token_make(supporter=supporter)}/"

    page = owner.get(link).content.decode()
    assert page.count('type="checkbox" name="action"') == 2
    assert "Not Leila" in page and "Leonard Peltier" in page
    mine = Action.objects.get(case=shawkan)
    theirs = Action.objects.get(case=peltier)

    confirmed = owner.post(link, {"reviewed": "1", "action": [str(mine.public_id)]})
    assert "Your action now counts." in confirmed.content.decode()
    assert BROWSER_COOKIE in confirmed.cookies
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Action.Status.CONFIRMED
    assert theirs.status == Action.Status.DECLINED
    assert Consent.objects.get(action=theirs).withdrawn_at is not None
    counter = owner.get("/counter.json").json()
    assert {c["slug"]: c["total"] for c in counter["cases"]}["leonard-peltier"] == 0

    # Later, the owner writes to Leonard Peltier's official themselves: it counts at once.
    _act(owner, peltier, "email", django_capture_on_commit_callbacks, name="Leila")
    theirs.refresh_from_db()
    assert theirs.status == Action.Status.CONFIRMED
    assert theirs.signer_name == "Leila"


def test_an_action_added_after_the_page_was_shown_is_not_counted(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    owner, stranger = Client(), Client()
    _act(owner, campaign.cases.get(slug="shawkan"), "signature", django_capture_on_commit_callbacks)
    supporter = Supporter.objects.get(email="leila@example.net")
    link = f"/confirm/{confirmation_token_make(supporter=supporter)}/"
    shown = re.findall(r'name="action" value="([0-9a-f-]+)"', owner.get(link).content.decode())
    _act(
        stranger,
        campaign.cases.get(slug="ilham-tohti"),
        "email",
        django_capture_on_commit_callbacks,
    )

    owner.post(link, {"reviewed": "1", "action": shown})

    statuses = dict(Action.objects.values_list("case__slug", "status"))
    assert statuses == {"shawkan": "confirmed", "ilham-tohti": "declined"}


def test_a_confirmation_without_the_review_counts_everything_waiting(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    for slug in ("shawkan", "annie-alfred"):
        _act(client, campaign.cases.get(slug=slug), "signature", django_capture_on_commit_callbacks)
    supporter = Supporter.objects.get(email="leila@example.net")
    response = client.post(f"/confirm/{confirmation_token_make(supporter=supporter)}/")
    assert "Your 2 actions now count." in response.content.decode()


def test_after_confirming_this_browser_sees_its_own_actions(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    case = campaign.cases.get(slug="shawkan")
    _act(client, case, "signature", django_capture_on_commit_callbacks)
    supporter = Supporter.objects.get(email="leila@example.net")
    client.post(f"/confirm/{confirmation_token_make(supporter=supporter)}/")
    action = Action.objects.get()
    html = client.get(f"/thanks/{action.public_id}/").content.decode()
    assert "Thank you: your action counts" in html
    assert "Thank you: your action counts" not in (
        Client().get(f"/thanks/{action.public_id}/").content.decode()
    )
