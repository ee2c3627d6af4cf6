"""A confirmation link confirms once. After use it only says "already confirmed": it counts
and declines nothing more, and gives no owner cookie to whoever opens it later (someone who
finds it in a forwarded email or a shared computer's history).

A link belongs to the actions waiting for the address when it was sent: once none waits
(confirmed or declined, on the page or by the owner in their own browser) it is spent, and
the next action taken with the address gets a new link.
"""

from __future__ import annotations

import re
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.utils.crypto import salted_hmac

from tests.delivery.outbox import mail_sent
from tests.factories import act_url, action_form_data, owner_client
from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import BROWSER_COOKIE

LEILA = "leila@example.net"


def _sign(client: Client, case: Case, capture: Any) -> None:
    with capture(execute=True):
        response = client.post(
            act_url(case, "signature"), action_form_data("signature", email=LEILA)
        )
    assert response.status_code == 302


def _link(message: Any) -> str:
    found = re.search(r"http://testserver(/confirm/[^\s]+/)", str(message.body))
    assert found is not None
    return found.group(1)


def _statuses() -> dict[str, str]:
    return dict(Action.objects.values_list("case__slug", "status"))


def _spent(response: Any) -> None:
    html = response.content.decode()
    assert response.status_code == 200
    assert "Already confirmed" in html
    assert "Confirm my action" not in html
    assert LEILA not in html
    assert BROWSER_COOKIE not in response.cookies


def test_a_used_link_shows_already_confirmed_and_gives_no_cookie(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    leila, stranger = Client(), Client()
    shawkan = campaign.cases.get(slug="shawkan")
    _sign(leila, shawkan, django_capture_on_commit_callbacks)
    link = _link(mail_sent()[0])

    used = leila.post(link, {"reviewed": "1", "action": [str(Action.objects.get().public_id)]})
    assert "Your action now counts." in used.content.decode()
    assert BROWSER_COOKIE in used.cookies

    # Later, someone else opens the same link, and presses the button.
    _spent(stranger.get(link))
    _spent(stranger.post(link, {"reviewed": "1"}))
    _spent(leila.post(link))
    assert _statuses() == {"shawkan": "confirmed"}


def test_a_new_action_gets_a_new_link_and_the_old_one_stays_spent(
    campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    leila = Client()
    _sign(leila, campaign.cases.get(slug="shawkan"), django_capture_on_commit_callbacks)
    old = _link(mail_sent()[0])
    leila.post(old)
    cache.clear()  # as if the resend interval had passed

    # A stranger signs another case with her address: it waits, and she gets a new link.
    _sign(Client(), campaign.cases.get(slug="ilham-tohti"), django_capture_on_commit_callbacks)
    assert len(mail_sent()) == 2
    new = _link(mail_sent()[1])
    assert new != old

    _spent(Client().get(old))
    _spent(Client().post(old, {"reviewed": "1"}))  # cannot decline it either
    assert _statuses() == {"shawkan": "confirmed", "ilham-tohti": "pending"}

    page = Client().get(new).content.decode()
    assert "Ilham Tohti" in page and "Confirm my action" in page
    Client().post(new, {"reviewed": "1"})  # she unticks what she did not do
    assert _statuses() == {"shawkan": "confirmed", "ilham-tohti": "declined"}
    _spent(Client().get(new))


def test_the_link_is_spent_when_the_owner_takes_the_waiting_action_herself(
    campaign: Campaign, case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    _sign(Client(), case, django_capture_on_commit_callbacks)  # first action: her own
    Client().post(_link(mail_sent()[0]))
    cache.clear()
    peltier = campaign.cases.get(slug="leonard-peltier")
    _sign(Client(), peltier, django_capture_on_commit_callbacks)  # a stranger's
    link = _link(mail_sent()[1])

    supporter = Supporter.objects.get(email=LEILA)
    _sign(owner_client(supporter), peltier, django_capture_on_commit_callbacks)

    assert _statuses() == {"shawkan": "confirmed", "leonard-peltier": "confirmed"}
    _spent(Client().get(link))


def test_a_link_sent_before_links_were_single_use_works_once_while_unconfirmed(
    case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    _sign(Client(), case, django_capture_on_commit_callbacks)
    supporter = Supporter.objects.get(email=LEILA)
    salt = "writeathon.supporters.confirm"
    fingerprint = salted_hmac(salt, LEILA).hexdigest()[:20]
    legacy = f"/confirm/{signing.dumps({'s': supporter.pk, 'e': fingerprint}, salt=salt)}/"

    assert "Confirm my action" in Client().get(legacy).content.decode()
    first = Client().post(legacy)
    assert BROWSER_COOKIE in first.cookies
    assert _statuses() == {"shawkan": "confirmed"}
    _spent(Client().post(legacy))
