"""Staff see the outbox at a glance (counts by channel and status, each a link to the list),
narrow it by channel, status, case and official, and open a delivery with its letter,
attempts and, for a digest, the letters it carries. Filters the list does not know are
refused, never ignored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.delivery.outbox import confirmed_action, past_tomorrows_digest_hour
from tests.delivery.staff import OUTBOX, Refusing, refused_letter
from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import delivery_claim, delivery_send_claimed, digests_compose


@pytest.fixture
def outbox(case: Case) -> dict[str, Delivery]:
    """One delivery in each state staff look for, all for Shawkan's prosecutor."""
    dead = refused_letter(case, email="dead@example.net")
    failed = refused_letter(
        case, email="failed@example.net", error="421 Try later", permanent=False
    )
    queued = Delivery.objects.get(action=confirmed_action(case, email="queued@example.net"))
    posted = Delivery.objects.get(
        action=confirmed_action(case, Channel.LETTER, email="posted@example.net")
    )
    held = Delivery.objects.get(
        action=confirmed_action(
            case, Channel.SOLIDARITY, email="held@example.net", body="Stay strong, Shawkan."
        )
    )
    return {"dead": dead, "failed": failed, "queued": queued, "letter": posted, "held": held}


def _listed(response: Any) -> list[int]:
    return [delivery.pk for delivery, _can_retry in response.context["rows"]]


def test_counts_by_channel_and_status_link_to_the_list(
    outbox_staff: Client, outbox: dict[str, Delivery]
) -> None:
    response = outbox_staff.get(OUTBOX)
    assert response.status_code == 200
    counts = response.context["counts"]
    table = {(row.channel, cell.status): cell.count for row in counts.rows for cell in row.cells}
    assert table[("email", "dead")] == 1
    assert table[("email", "failed")] == 1
    assert table[("email", "queued")] == 1
    assert table[("letter", "queued")] == 1
    assert table[("solidarity", "held")] == 1
    assert [row.channel for row in counts.rows] == ["letter", "email", "solidarity"]
    assert counts.total == 5
    html = response.content.decode()
    assert 'href="?channel=email&amp;status=dead"' in html
    assert "<caption>" in html
    assert 'tabindex="0" role="region"' in html
    # The dead letters are announced, with the way to see them.
    assert response.context["dead_count"] == 1
    assert 'href="/staff/outbox/?status=dead"' in html

    following = outbox_staff.get(OUTBOX + "?channel=email&status=dead")
    assert following.status_code == 200
    assert _listed(following) == [outbox["dead"].pk]
    assert "550 5.1.1 Mailbox unavailable" in following.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["held", "letter", "queued", "failed", "dead"]),
        ("?status=dead", ["dead"]),
        ("?status=failed", ["failed"]),
        ("?channel=letter", ["letter"]),
        ("?channel=email&status=queued", ["queued"]),
        ("?status=held", ["held"]),
        ("?status=delivered", []),
    ],
)
def test_filters_narrow_the_list(
    outbox_staff: Client, outbox: dict[str, Delivery], query: str, expected: list[str]
) -> None:
    response = outbox_staff.get(OUTBOX + query)
    assert response.status_code == 200
    assert _listed(response) == [outbox[name].pk for name in expected]


def test_filter_by_case_and_official(
    outbox_staff: Client, outbox: dict[str, Delivery], case: Case
) -> None:
    target = Target.objects.get(case=case)
    other_case = Case.objects.get(campaign=case.campaign, slug="annie-alfred")
    other = Delivery.objects.get(action=confirmed_action(other_case, email="annie@example.net"))

    by_case = outbox_staff.get(OUTBOX + f"?case={other_case.pk}")
    assert _listed(by_case) == [other.pk]
    assert by_case.context["counts"].total == 1

    by_target = outbox_staff.get(OUTBOX + f"?target={target.pk}&status=dead")
    assert _listed(by_target) == [outbox["dead"].pk]

    empty = outbox_staff.get(OUTBOX + f"?case={other_case.pk}&target={target.pk}")
    assert _listed(empty) == []
    assert "No delivery matches these filters." in empty.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?channel=carrier-pigeon",
        "?status=lost",
        "?case=999999",
        "?case=abc",
        "?case=99999999999999999999",
        "?target=999999",
        "?target=1.5",
        "?status=dead&channel=%3Cscript%3E",
    ],
)
def test_unknown_filters_are_refused(
    outbox_staff: Client, outbox: dict[str, Delivery], query: str
) -> None:
    response = outbox_staff.get(OUTBOX + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "These filters are not known" in html
    assert "<script>" not in html
    assert response.context["page"] is None


@pytest.mark.parametrize("page", ["abc", "0", "2", "-1", "99999999999999999999"])
def test_pages_that_do_not_exist_are_404(
    outbox_staff: Client, outbox: dict[str, Delivery], page: str
) -> None:
    assert outbox_staff.get(OUTBOX + f"?page={page}").status_code == 404


def test_the_list_is_paginated_by_fifty(outbox_staff: Client, case: Case) -> None:
    for number in range(51):
        confirmed_action(case, email=f"writer{number}@example.net")
    first = outbox_staff.get(OUTBOX + "?channel=email")
    assert len(first.context["rows"]) == 50
    html = first.content.decode()
    assert 'href="?channel=email&amp;page=2"' in html
    assert "Page 1 of 2" in html
    second = outbox_staff.get(OUTBOX + "?channel=email&page=2")
    assert len(second.context["rows"]) == 1
    assert 'href="?channel=email&amp;page=1"' in second.content.decode()


def test_a_delivery_page_shows_the_letter_escaped_and_its_attempts(
    outbox_staff: Client, case: Case
) -> None:
    action = confirmed_action(
        case,
        email="markup@example.net",
        body="Dear Sir,\n\n<script>alert('x')</script> <b>Free Shawkan</b>",
    )
    delivery_send_claimed(
        worker_id="worker-7",
        delivery_ids=delivery_claim(worker_id="worker-7"),
        transports={"email": Refusing("421 <busy> & try later", permanent=False)},
    )
    delivery = Delivery.objects.get(action=action)

    response = outbox_staff.get(f"{OUTBOX}{delivery.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Free Shawkan&lt;/b&gt;" in html
    assert "Release Shawkan" in html  # the subject
    assert "421 &lt;busy&gt; &amp; try later" in html
    assert "worker-7" in html  # the attempt
    assert "Failed, will be tried again" in html
    assert "Try again" in html


@pytest.mark.parametrize("path", ["999999/", "abc/", "99999999999999999999/", "-1/"])
def test_unknown_delivery_is_404(outbox_staff: Client, path: str, db: Any) -> None:
    assert outbox_staff.get(OUTBOX + path).status_code == 404


def test_a_digest_page_lists_the_letters_it_carries(outbox_staff: Client, case: Case) -> None:
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST)
    first = confirmed_action(case, email="one@example.net", name="First Writer")
    second = confirmed_action(case, email="two@example.net", name="Second Writer")
    assert digests_compose(now=past_tomorrows_digest_hour()) == 1
    digest = Delivery.objects.get(kind=Delivery.Kind.DIGEST)

    html = outbox_staff.get(f"{OUTBOX}{digest.pk}/").content.decode()
    assert "Letters in this digest" in html
    assert "First Writer" in html
    assert "Second Writer" in html
    for action in (first, second):
        part = Delivery.objects.get(action=action)
        assert f'href="/staff/outbox/{part.pk}/"' in html
        part_html = outbox_staff.get(f"{OUTBOX}{part.pk}/").content.decode()
        assert f'href="/staff/outbox/{digest.pk}/"' in part_html
