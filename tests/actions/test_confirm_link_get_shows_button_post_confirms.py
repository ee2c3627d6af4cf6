"""Opening the link shows a button and confirms nothing (link scanners); the POST confirms."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.factories import ActionFactory, SupporterFactory
from writeathon.actions.models import Action, Tally
from writeathon.campaigns.models import Case
from writeathon.supporters.services import confirmation_token_make


def _tally() -> int:
    return sum(Tally.objects.values_list("total", flat=True))


def test_get_shows_a_button_and_confirms_nothing(client: Client, case: Case) -> None:
    supporter = SupporterFactory(email="reader@example.com")
    action = ActionFactory(case=case, supporter=supporter)
    url = reverse("actions:confirm", kwargs={"token": confirmation_token_make(supporter=supporter)})

    for _ in range(2):  # a mail scanner and then the person
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "reader@example.com" in html
        assert f'<form method="post" action="{url}">' in html
        assert "Confirm my action" in html

    action.refresh_from_db()
    supporter.refresh_from_db()
    assert action.status == Action.Status.PENDING
    assert supporter.confirmed_at is None
    assert _tally() == 0


def test_post_confirms_and_counts(client: Client, case: Case) -> None:
    supporter = SupporterFactory()
    action = ActionFactory(case=case, supporter=supporter)
    url = reverse("actions:confirm", kwargs={"token": confirmation_token_make(supporter=supporter)})

    response = client.post(url)

    assert response.status_code == 200
    assert response.context["counted"] == 1
    assert "Thank you: your email is confirmed" in response.content.decode()
    action.refresh_from_db()
    supporter.refresh_from_db()
    assert action.status == Action.Status.CONFIRMED
    assert supporter.is_confirmed
    assert _tally() == 1

    # A second click on the button counts nothing more, and says so kindly: the link is
    # spent (test_confirmation_link_works_once).
    again = client.post(url)
    assert again.status_code == 200
    assert "Already confirmed" in again.content.decode()
    assert _tally() == 1


def test_other_methods_are_refused(client: Client, case: Case) -> None:
    supporter = SupporterFactory()
    ActionFactory(case=case, supporter=supporter)
    url = reverse("actions:confirm", kwargs={"token": confirmation_token_make(supporter=supporter)})
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert _tally() == 0
