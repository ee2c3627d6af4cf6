"""Named actors and counted actions for the staff reports: Peru's staff, Jordan's staff
and international staff, each allowed to see the reports and nothing more, and supporters
of both countries who acted (confirmed, through the real services)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from tests.factories import StaffUserFactory
from writeathon.actions.services import action_record
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.sections.models import Section
from writeathon.sections.services import staff_membership_set
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import supporter_get_or_create
from writeathon.usecases.intake import count_report_submit


def report_staff(username: str, *, section: Section | None) -> Client:
    """A signed-in client of staff allowed to see the reports: of `section`, or
    international staff without one."""
    user = StaffUserFactory(username=username)
    user.user_permissions.set(
        [Permission.objects.get(content_type__app_label="reporting", codename="view_reports")]
    )
    staff_membership_set(user=user, section=section, is_international=section is None)
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


def counted_actions(case: Case, other: Case) -> None:
    """Three from Peru (two cases), two from Jordan, and an event's 40 letters in Jordan."""
    for n, (where, country, channel) in enumerate(
        [
            (case, "PE", Channel.EMAIL),
            (case, "PE", Channel.SIGNATURE),
            (other, "PE", Channel.EMAIL),
            (case, "JO", Channel.EMAIL),
            (other, "JO", Channel.SIGNATURE),
        ]
    ):
        supporter_country(where, email=f"writer{n}@example.net", country=country, channel=channel)
    count_report_submit(
        reference="event:amman",
        source=Source.EVENT,
        case=case,
        channel=Channel.LETTER,
        count=40,
        day=date(2016, 12, 10),
        country="JO",
        section_id=Section.objects.get(country="JO").pk,
    )


def supporter_country(case: Case, *, email: str, country: str, channel: Channel) -> None:
    """A supporter from `country` (and so its section) whose action counts at once."""
    supporter, _ = supporter_get_or_create(
        email=email, name="Writer", country=country, language="en"
    )
    Supporter.objects.filter(pk=supporter.pk).update(
        section=Section.objects.filter(country=country).first()
    )
    supporter.refresh_from_db()
    action_record(
        source=Source.ONLINE,
        case=case,
        channel=channel,
        supporter=supporter,
        by_owner=True,
        country=country,
        language="en",
        signer_name="Writer",
    )


def page_table(html: str, slug: str) -> list[list[str]]:
    """The rows of the dashboard's table `slug`, as the text of their cells."""
    match = re.search(rf'<table[^>]*id="table-{re.escape(slug)}".*?</table>', html, re.S)
    assert match, f"no table {slug}"
    body = match.group(0).split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))
