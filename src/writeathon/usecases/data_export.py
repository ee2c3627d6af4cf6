"""Everything held about one supporter, across the apps, for them to download."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from writeathon.actions.models import Action
from writeathon.core.csv_safe import csv_cell
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter

DATA_FORMAT = "writeathon-supporter-data/1"


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _delivery_to(delivery: Delivery) -> str:
    if delivery.target is not None:
        return ", ".join(part for part in (delivery.target.name, delivery.target.title) if part)
    # Solidarity messages go to the person; notices and replies to the supporter.
    return delivery.recipient


def supporter_data(*, supporter: Supporter) -> dict[str, Any]:
    """Everything held about a supporter and what they did, as plain values (for JSON).

    Their record, each consent in the exact words shown, each action with its message,
    and where each letter of it went and when.
    """
    actions = (
        Action.objects.filter(supporter=supporter)
        .select_related("campaign", "case")
        .prefetch_related(
            Prefetch(
                "deliveries",
                queryset=Delivery.objects.select_related("target").order_by("created_at", "pk"),
            )
        )
        .order_by("created_at", "pk")
    )
    return {
        "format": DATA_FORMAT,
        "exported_at": _when(timezone.now()),
        "supporter": {
            "email": supporter.email,
            "phone": supporter.phone,
            "name": supporter.name,
            "country": str(supporter.country or ""),
            "language": supporter.language,
            "created_at": _when(supporter.created_at),
            "email_confirmed_at": _when(supporter.confirmed_at),
            "email_stopped_at": _when(supporter.email_stopped_at),
            "text_messages_stopped_at": _when(supporter.sms_stopped_at),
        },
        "consents": [
            {
                "purpose": consent.purpose,
                "text": consent.text,
                "version": consent.version,
                "form": consent.form,
                "language": consent.language,
                "given_at": _when(consent.given_at),
                "withdrawn_at": _when(consent.withdrawn_at),
            }
            for consent in supporter.consents.order_by("given_at", "pk")
        ],
        "actions": [
            {
                "id": str(action.public_id),
                "campaign": action.campaign.name,
                "case": action.case.name,
                "channel": action.channel,
                "source": action.source,
                "status": action.status,
                "name": action.signer_name,
                "country": str(action.country or ""),
                "language": action.language,
                "subject": action.subject,
                "message": action.body,
                "copy_to_me": action.copy_to_supporter,
                "email_hidden_from_official": action.hide_email,
                "created_at": _when(action.created_at),
                "confirmed_at": _when(action.confirmed_at),
                "deliveries": [
                    {
                        "kind": delivery.kind,
                        "channel": delivery.channel,
                        "to": _delivery_to(delivery),
                        "status": delivery.status,
                        "created_at": _when(delivery.created_at),
                        "delivered_at": _when(delivery.delivered_at),
                    }
                    for delivery in action.deliveries.all()
                ],
            }
            for action in actions
        ],
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def supporter_data_csv(data: dict[str, Any]) -> str:
    """The same data as one CSV table of (record, number, field, value) rows.

    One row per value fits records of every shape in one file that any spreadsheet opens.
    Every cell is escaped so that a spreadsheet never runs a value as a formula.
    """
    out = io.StringIO()
    writer = csv.writer(out)

    def row(record: str, number: str, field: str, value: Any) -> None:
        writer.writerow([csv_cell(cell) for cell in (record, number, field, _text(value))])

    writer.writerow(["record", "number", "field", "value"])
    for field, value in data["supporter"].items():
        row("supporter", "", field, value)
    for i, consent in enumerate(data["consents"], start=1):
        for field, value in consent.items():
            row("consent", str(i), field, value)
    for i, action in enumerate(data["actions"], start=1):
        for field, value in action.items():
            if field != "deliveries":
                row("action", str(i), field, value)
        for j, delivery in enumerate(action["deliveries"], start=1):
            for field, value in delivery.items():
                row("delivery", f"{i}.{j}", field, value)
    # A byte-order mark, so that spreadsheets read the file as UTF-8 (names in any script).
    return "\ufeff" + out.getvalue()
