"""Through the public forms: a message screening rejects is shown again with the reason on the
message field (400) and nothing is stored; a held one is stored like any other, and the
writer is thanked as usual while a moderator reads it."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import act_url, action_form_data, stored_rows
from writeathon.actions.models import Action
from writeathon.campaigns.models import Case
from writeathon.moderation.models import RecentMessage, ScreeningResult

THREATS = {
    "email": "Dear Prosecutor, release Shawkan or I will kill you.",
    "fax": "Señor fiscal: libere a Shawkan o te voy a matar.",
    "letter": "حضرة النائب العام، أفرج عن شوكان وإلا سأقتلك.",
    "solidarity": "Shawkan, I will k.i.l.l you.",
}


@pytest.mark.parametrize("channel", list(THREATS))
def test_a_threat_is_shown_again_with_the_reason_and_nothing_is_stored(
    client: Client, case: Case, channel: str
) -> None:
    before = stored_rows()
    body = THREATS[channel]
    response = client.post(act_url(case, channel), action_form_data(channel, body=body))

    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{channel}-body_error"' in html
    assert "We never send threats in anyone&#x27;s name: please rewrite it." in html
    # The text stays in the form for the writer to change.
    assert body.replace("'", "&#x27;") in html
    assert stored_rows() == before
    assert not RecentMessage.objects.exists()
    assert not ScreeningResult.objects.exists()


def test_a_threat_in_the_subject_is_shown_on_the_subject(client: Client, case: Case) -> None:
    data = action_form_data("email", subject="I will kill you")
    response = client.post(act_url(case, "email"), data)
    assert response.status_code == 400
    assert 'id="id_email-subject_error"' in response.content.decode()
    assert not Action.objects.exists()


def test_a_held_message_is_stored_and_thanked_like_any_other(client: Client, case: Case) -> None:
    data = action_form_data("email", body="Dear Prosecutor, see www.example.org and free him.")
    response = client.post(act_url(case, "email"), data)
    assert response.status_code == 302
    action = Action.objects.get()
    assert response["Location"] == f"/thanks/{action.public_id}/"
    assert ScreeningResult.objects.get(action=action).reason_codes == ["link"]


def test_a_clean_message_leaves_no_screening_result(client: Client, case: Case) -> None:
    assert client.post(act_url(case, "email"), action_form_data("email")).status_code == 302
    assert Action.objects.count() == 1
    assert not ScreeningResult.objects.exists()
    assert RecentMessage.objects.count() == 1
