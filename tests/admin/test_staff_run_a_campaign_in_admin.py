"""Staff run a campaign from the admin: create it with a case, official and letter, publish it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case
from writeathon.core.vocabulary import Channel
from writeathon.usecases.intake import action_submit


@pytest.fixture
def staff_client(db: Any) -> Client:
    user = get_user_model().objects.create_superuser(username="staff", password="pw-staff-1")
    client = Client()
    client.force_login(user)
    return client


def _inline_management(prefix: str, total: int = 1) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_staff_create_a_campaign_and_a_case_then_publish_it(staff_client: Client) -> None:
    opened = timezone.now().date() - timedelta(days=2)
    closes = timezone.now().date() + timedelta(days=40)
    response = staff_client.post(
        "/admin/campaigns/campaign/add/",
        {
            "slug": "write-for-rights-2026",
            "name": "Write for Rights 2026",
            "status": "published",
            "time_zone": "Asia/Tokyo",
            # Typed in the campaign's own time zone.
            "opens_at": f"{opened:%Y-%m-%d}T09:00",
            "closes_at": f"{closes:%Y-%m-%d}T21:00",
            "goal": "1000",
            "default_language": "en",
            "offline_total": "0",
            **_inline_management("texts"),
            "texts-0-language": "en",
            "texts-0-title": "Write for Rights 2026",
            "texts-0-tagline": "Write a letter, change a life.",
            "texts-0-intro": "",
        },
    )
    assert response.status_code == 302, response.content
    campaign = Campaign.objects.get(slug="write-for-rights-2026")
    assert campaign.opens_at == datetime(
        opened.year, opened.month, opened.day, 0, 0, tzinfo=UTC
    )  # 09:00 in Tokyo
    assert campaign.closes_at == datetime(closes.year, closes.month, closes.day, 12, 0, tzinfo=UTC)
    assert campaign.is_open

    response = staff_client.post(
        "/admin/campaigns/case/add/",
        {
            "campaign": str(campaign.pk),
            "slug": "a-defender",
            "name": "A Defender",
            "country": "KE",
            "category": "human_rights_defender",
            "photo_alt": "",
            "status": "draft",
            "position": "0",
            "signature_goal": "5000",
            **_inline_management("appeals"),
            "appeals-0-language": "en",
            "appeals-0-summary": "A defender at risk.",
            "appeals-0-story": "Their story.",
            "appeals-0-ask": "Protect them.",
            "appeals-0-letter_subject": "Protect them",
            "appeals-0-letter_body": "Dear Minister, please protect them. Yours sincerely,",
            "appeals-0-short_text": "",
            "appeals-0-solidarity_guidance": "",
            **_inline_management("targets"),
            "targets-0-name": "A Minister",
            "targets-0-title": "Minister of Justice",
            "targets-0-office": "",
            "targets-0-postal_address": "1 Street\nNairobi",
            "targets-0-email": "minister@example.org",
            "targets-0-fax": "",
            "targets-0-social_handle": "",
            "targets-0-email_policy": "each",
            "targets-0-language": "en",
            "targets-0-position": "0",
            **_inline_management("outcomes", total=0),
            **_inline_management("official_responses", total=0),
        },
    )
    assert response.status_code == 302, response.content
    case = Case.objects.get(slug="a-defender")
    assert case.targets.get().email == "minister@example.org"
    assert case.signature_goal == 5000  # the petition's goal, for its thermometer
    assert Client().get(case.get_absolute_url()).status_code == 404  # still a draft

    response = staff_client.post(
        "/admin/campaigns/case/",
        {"action": "publish", "_selected_action": [str(case.pk)]},
    )
    assert response.status_code == 302
    page = Client().get(case.get_absolute_url())
    assert page.status_code == 200
    assert "Protect them." in page.content.decode()
    assert "0 signatures of 5,000" in page.content.decode()

    staff_client.post(
        "/admin/campaigns/case/", {"action": "unpublish", "_selected_action": [str(case.pk)]}
    )
    assert Client().get(case.get_absolute_url()).status_code == 404

    # Each change is in the case's history, with who made it.
    history = LogEntry.objects.filter(object_id=str(case.pk), content_type__model="case")
    assert [(e.get_change_message(), e.user.get_username()) for e in history] == [  # type: ignore[attr-defined]
        ("Changed Status.", "staff"),
        ("Changed Status.", "staff"),
        (
            "Added. Added appeal “A Defender [en]”. "
            "Added target “A Minister, Minister of Justice”.",
            "staff",
        ),
    ]


def test_staff_see_actions_but_cannot_change_them(staff_client: Client, case: Case) -> None:
    action = action_submit(
        case=case,
        channel=Channel.SIGNATURE,
        email="reader@example.net",
        name="Reader",
        country="FR",
        language="en",
        base_url="http://testserver",
    ).action
    listing = staff_client.get("/admin/actions/action/")
    assert listing.status_code == 200
    assert "Reader" in listing.content.decode()
    assert staff_client.get(f"/admin/actions/action/{action.pk}/change/").status_code == 200
    response = staff_client.post(
        f"/admin/actions/action/{action.pk}/change/", {"status": "confirmed"}
    )
    assert response.status_code == 403
    assert staff_client.post(f"/admin/actions/action/{action.pk}/delete/").status_code == 403
    assert Action.objects.get(pk=action.pk).status == Action.Status.PENDING


def test_visitors_cannot_reach_the_admin(db: Any) -> None:
    response = Client().get("/admin/campaigns/campaign/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
