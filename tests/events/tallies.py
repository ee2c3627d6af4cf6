"""Tally files for import tests, and the way staff upload and start them."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from writeathon.campaigns.models import Campaign
from writeathon.events.report_models import TallyImport

HEADER = "section,group,case,channel,count,date"


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def xlsx_file(*rows: list[Any], header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header or HEADER.split(","))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, campaign: Campaign, content: bytes, name: str = "tallies.csv") -> Any:
    return client.post(
        reverse("event_reports:tallies"),
        {"campaign": campaign.pk, "file": SimpleUploadedFile(name, content)},
    )


def last_import() -> TallyImport:
    return TallyImport.objects.order_by("-pk").first()  # type: ignore[return-value]


def start(client: Client, item: TallyImport) -> Any:
    return client.post(reverse("event_reports:tally-import-start", args=[item.public_id]))


def detail(client: Client, item: TallyImport) -> Any:
    return client.get(reverse("event_reports:tally-import", args=[item.public_id]))
