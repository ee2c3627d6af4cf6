"""Public pages read campaigns and cases from a cache that every staff change refreshes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.services import case_set_status


def test_a_second_page_view_reads_no_campaign_content_from_the_database(case: Case) -> None:
    client = Client()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "campaigns_case" not in tables
    assert "campaigns_appeal" not in tables
    assert "campaigns_campaign" not in tables


def test_unpublishing_a_case_hides_it_at_once(case: Case) -> None:
    client = Client()
    assert client.get(case.get_absolute_url()).status_code == 200
    assert "Shawkan" in client.get("/").content.decode()
    case_set_status(case=case, status=Case.Status.DRAFT)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert "Shawkan" not in client.get("/").content.decode()


def test_an_edit_in_the_admin_shows_at_once(case: Case, db: Any) -> None:
    staff = get_user_model().objects.create_superuser(username="editor", password="pw-editor-1")
    admin = Client()
    admin.force_login(staff)
    visitor = Client()
    assert "A new title" not in visitor.get("/").content.decode()  # the page is now cached

    campaign = case.campaign
    change = admin.get(f"/admin/campaigns/campaign/{campaign.pk}/change/")
    form = change.context["adminform"].form
    inline = change.context["inline_admin_formsets"][0].formset
    data = {
        **{k: ("" if v is None else v) for k, v in form.initial.items() if k != "id"},
        "opens_at": "2016-10-05T00:00",
        "closes_at": f"{timezone.now().year + 1}-01-31T00:00",
        "name": "Write for Rights 2016 (edited)",
    }
    data.update(
        {
            f"{inline.prefix}-TOTAL_FORMS": str(len(inline.forms)),
            f"{inline.prefix}-INITIAL_FORMS": str(len(inline.forms)),
            f"{inline.prefix}-MIN_NUM_FORMS": "0",
            f"{inline.prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    for i, inline_form in enumerate(inline.forms):
        text = inline_form.instance
        title = "A new title" if text.language == "en" else text.title
        data |= {
            f"{inline.prefix}-{i}-id": str(text.pk),
            f"{inline.prefix}-{i}-campaign": str(campaign.pk),
            f"{inline.prefix}-{i}-language": text.language,
            f"{inline.prefix}-{i}-title": title,
            f"{inline.prefix}-{i}-tagline": text.tagline,
            f"{inline.prefix}-{i}-intro": text.intro,
        }
    response = admin.post(f"/admin/campaigns/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Campaign.objects.get(pk=campaign.pk).texts.get(language="en").title == "A new title"
    assert "A new title" in visitor.get("/").content.decode()
