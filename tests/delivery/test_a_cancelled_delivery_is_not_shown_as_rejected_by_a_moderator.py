"""A delivery called off by the platform (erasure, "stop all email", a purge) is cancelled,
with its reason; staff read "rejected by a moderator" only where a moderator rejected one."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.delivery.outbox import confirmed_action
from tests.delivery.staff import staff_user
from tests.supporters.people import data_url
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.usecases.moderation import moderation_decide

REJECTED_LABEL = "Rejected by a moderator"
ERASED_REASON = "The supporter&#x27;s data was erased at their request"
TOKEN = "metrics-token-for-cancelled-and-rejected"


def _erased_and_rejected(case: Case, client: Client) -> tuple[Delivery, Delivery]:
    """Erin's letter, waiting in the outbox when she erased her data; and Ivan's insulting
    letter, held, then rejected by a moderator."""
    erin = confirmed_action(case, email="erin@example.net", name="Erin Erased")
    assert erin.supporter is not None
    ivan = confirmed_action(
        case, email="ivan@example.net", body="Dear Prosecutor,\n\nRelease him now, you idiot."
    )
    rejected = Delivery.objects.get(action=ivan)
    assert rejected.status == Delivery.Status.HELD
    moderation_decide(
        delivery_ids=[rejected.pk], approve=False, note="", user_id=staff_user("moderator").pk
    )
    assert client.post(data_url(erin.supporter, "erase"), {"confirm": "on"}).status_code == 200
    return Delivery.objects.get(action=erin), Delivery.objects.get(pk=rejected.pk)


def _row(page: str, delivery: Delivery) -> str:
    """The outbox table's row of `delivery`."""
    rows = re.findall(r"<tr>.*?</tr>", page, flags=re.S)
    found = [row for row in rows if f'href="/staff/outbox/{delivery.pk}/"' in row]
    assert len(found) == 1, page
    return found[0]


def test_the_outbox_shows_a_cancelled_delivery_as_cancelled_with_its_reason(
    case: Case, client: Client, outbox_staff: Client
) -> None:
    cancelled, rejected = _erased_and_rejected(case, client)
    assert (cancelled.status, cancelled.cancel_reason) == (
        Delivery.Status.CANCELLED,
        Delivery.CancelReason.ERASED,
    )
    assert (rejected.status, rejected.cancel_reason) == (Delivery.Status.REJECTED, "")

    page = outbox_staff.get(reverse("outbox:list")).content.decode()
    assert "Cancelled" in _row(page, cancelled)
    assert ERASED_REASON in _row(page, cancelled)
    assert REJECTED_LABEL not in _row(page, cancelled)
    assert REJECTED_LABEL in _row(page, rejected)

    detail = outbox_staff.get(reverse("outbox:detail", args=[cancelled.pk])).content.decode()
    assert "Why cancelled" in detail and ERASED_REASON in detail
    assert REJECTED_LABEL not in detail


def test_the_status_filter_keeps_cancelled_and_rejected_apart(
    case: Case, client: Client, outbox_staff: Client
) -> None:
    cancelled, rejected = _erased_and_rejected(case, client)

    only_rejected = outbox_staff.get(reverse("outbox:list"), {"status": "rejected"})
    only_cancelled = outbox_staff.get(reverse("outbox:list"), {"status": "cancelled"})

    assert only_rejected.status_code == only_cancelled.status_code == 200
    assert f"/staff/outbox/{rejected.pk}/" in only_rejected.content.decode()
    assert f"/staff/outbox/{cancelled.pk}/" not in only_rejected.content.decode()
    assert f"/staff/outbox/{cancelled.pk}/" in only_cancelled.content.decode()
    assert f"/staff/outbox/{rejected.pk}/" not in only_cancelled.content.decode()


def test_the_admin_and_the_metrics_count_them_apart(
    case: Case, client: Client, settings: Any
) -> None:
    cancelled, rejected = _erased_and_rejected(case, client)
    admin = Client()
    admin.force_login(staff_user("admin-reader", permissions=("view",)))

    page = admin.get("/admin/delivery/delivery/", {"status__exact": "rejected"}).content.decode()
    assert f"/admin/delivery/delivery/{rejected.pk}/change/" in page
    assert f"/admin/delivery/delivery/{cancelled.pk}/change/" not in page

    settings.METRICS_TOKEN = TOKEN
    metrics = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    email = Channel.EMAIL.value
    assert f'writeathon_outbox_deliveries{{channel="{email}",status="cancelled"}} 1' in metrics
    assert f'writeathon_outbox_deliveries{{channel="{email}",status="rejected"}} 1' in metrics
