"""The thank-you page says what happens next. The owner's browser hears the action's state
(check your inbox, or it already counts); any other browser gets words true of both."""

from __future__ import annotations

import uuid

from django.test import Client
from django.urls import reverse

from tests.factories import ActionFactory, SupporterFactory, owner_client
from writeathon.campaigns.models import Case
from writeathon.usecases.intake import action_count


def _thanks(action_public_id: uuid.UUID) -> str:
    return reverse("actions:thanks", kwargs={"public_id": action_public_id})


def test_pending_action_asks_to_check_the_inbox(case: Case) -> None:
    action = ActionFactory(case=case)
    response = owner_client(action.supporter).get(_thanks(action.public_id))
    assert response.status_code == 200
    html = response.content.decode()
    assert "One more step: check your inbox" in html
    assert "has been added to the count" not in html


def test_confirmed_action_says_it_counts(case: Case) -> None:
    action = ActionFactory(case=case, supporter=SupporterFactory(confirmed=True))
    action_count(action_id=action.pk)
    response = owner_client(action.supporter).get(_thanks(action.public_id))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thank you: your action counts" in html
    assert "check your inbox" not in html


def test_thanks_page_shares_the_case_and_suggests_the_next_one(case: Case) -> None:
    supporter = SupporterFactory()
    first_case = Case.objects.get(campaign=case.campaign, slug="ilham-tohti")
    ActionFactory(case=first_case, supporter=supporter)
    action = ActionFactory(case=case, supporter=supporter)

    response = owner_client(supporter).get(_thanks(action.public_id))

    html = response.content.decode()
    assert f'value="http://testserver{case.get_absolute_url()}"' in html
    # The next case is one this supporter has not acted on yet.
    assert response.context["next_case"].slug == "annie-alfred"


def test_unknown_thanks_page_is_404(client: Client, case: Case) -> None:
    assert client.get(_thanks(uuid.uuid4())).status_code == 404
    assert client.get("/thanks/not-a-uuid/").status_code == 404


def test_other_browsers_learn_nothing_about_the_address(client: Client, case: Case) -> None:
    supporter = SupporterFactory(confirmed=True)
    ActionFactory(
        case=Case.objects.get(campaign=case.campaign, slug="ilham-tohti"), supporter=supporter
    )
    counted = ActionFactory(case=case, supporter=supporter)
    action_count(action_id=counted.pk)
    pending = ActionFactory(case=case, channel="email", supporter=SupporterFactory())

    pages = [client.get(_thanks(a.public_id)) for a in (counted, pending)]
    for response in pages:
        html = response.content.decode()
        assert "Thank you for taking action" in html
        assert "Thank you: your action counts" not in html
        assert "One more step" not in html
        # The next case follows this one in the campaign, whatever the address did.
        assert response.context["next_case"].slug == "annie-alfred"
    assert pages[0].content.decode().count("Send the link again") == 1
