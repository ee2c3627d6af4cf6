"""Without a gateway (the demo), faxes and text messages are files only the site can read."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.delivery.faxing import OFFICE_FAX_E164, fax_letter, pdf_text, squeezed
from tests.delivery.outbox import outbox_pass
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter

PHONE = "+12025550142"


@pytest.fixture(autouse=True)
def file_channels(settings: Any) -> None:
    """What settings pick when FAX_GATEWAY_URL and SMS_GATEWAY_URL are unset."""
    settings.DELIVERY_TRANSPORTS = {
        **settings.DELIVERY_TRANSPORTS,
        "fax": "writeathon.delivery.channels.fax.FileFaxTransport",
        "sms": "writeathon.delivery.channels.sms.FileSmsTransport",
    }


def sms_reply(
    *, text: str = "Thank you!", final: bool = False, key: str = "sms-reply:m1"
) -> Delivery:
    payload: dict[str, object] = {"text": text, "language": "en"}
    if final:
        payload["final"] = True
    return Delivery.objects.create(
        idempotency_key=key,
        kind=Delivery.Kind.REPLY,
        channel=Channel.SMS,
        recipient=PHONE,
        payload=payload,
        status=Delivery.Status.QUEUED,
        next_try_at=timezone.now(),
    )


def test_a_fax_is_a_private_pdf_under_its_number(case: Case, outbox_dir: Path) -> None:
    fax = fax_letter(case)

    assert fax.pk in outbox_pass().delivered

    fax.refresh_from_db()
    path = outbox_dir / "fax" / OFFICE_FAX_E164 / f"{fax.pk}.pdf"
    assert fax.provider_id == f"file:fax/{OFFICE_FAX_E164}/{fax.pk}.pdf"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert squeezed("journalism is not a crime") in pdf_text(path.read_bytes())
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_a_text_message_is_a_private_json_file(db: object, outbox_dir: Path) -> None:
    reply = sms_reply(text="Merci ! Votre action est comptée.")

    assert outbox_pass().delivered == [reply.pk]

    reply.refresh_from_db()
    path = outbox_dir / "sms" / f"{reply.pk}.json"
    assert reply.provider_id == f"file:sms/{reply.pk}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    message = json.loads(path.read_text())
    assert message["to"] == PHONE
    assert message["text"] == "Merci ! Votre action est comptée."
    assert message["idempotency_key"] == "sms-reply:m1"


def test_the_file_channel_keeps_the_stop_rule_too(db: object, outbox_dir: Path) -> None:
    Supporter.objects.create(phone=PHONE, name="", sms_stopped_at=timezone.now())
    reply = sms_reply()

    assert outbox_pass().dead == [reply.pk]
    assert not (outbox_dir / "sms").exists()
