"""A daily digest says on which days its letters arrived, not the day it was written: in
its email and on its PDF's cover, in the official's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.conftest import SmtpServer
from tests.delivery.outbox import confirmed_action, outbox_pass
from tests.delivery.pdf_reading import page_texts
from writeathon.campaigns.models import Case, Target
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import digests_compose

COMPOSED = datetime(2016, 12, 10, 7, 30, tzinfo=UTC)  # after the digest hour, 7:00


def _attachment(message: Message) -> bytes:
    for part in message.walk():
        if part.get_content_type() == "application/pdf":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise AssertionError("no PDF attached")


def _text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return " ".join(payload.decode().split())
    raise AssertionError("no text")


def _letters_on(case: Case, *days_before: int) -> None:
    for n, days in enumerate(days_before):
        with time_machine.travel(COMPOSED - timedelta(days=days, hours=1), tick=False):
            confirmed_action(case, email=f"writer{n}@example.net", name=f"Writer Number{n}")


def _digest_sent(smtp_server: SmtpServer) -> tuple[str, str]:
    with time_machine.travel(COMPOSED, tick=False):
        assert digests_compose() == 1
        outbox_pass()
    digest = Delivery.objects.get(kind=Delivery.Kind.DIGEST)
    [message] = [m for m in smtp_server.inbox.messages if m["To"] == digest.recipient]
    return _text(message), " ".join(page_texts(_attachment(message))[0].split())


@pytest.fixture(autouse=True)
def _pdf_cache(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path


def test_letters_held_over_several_days_give_the_range(case: Case, smtp_server: SmtpServer) -> None:
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST, language="en")
    # Letters of three days wait (the digests of the 9th and 10th did not run before).
    _letters_on(case, 2, 1, 1, 0)

    text, cover = _digest_sent(smtp_server)

    assert "received between Dec. 8, 2016 and Dec. 10, 2016" in text
    assert "Letters received between Dec. 8, 2016 and Dec. 10, 2016" in cover


def test_one_days_letters_give_that_day_not_the_day_of_the_digest(
    case: Case, smtp_server: SmtpServer
) -> None:
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST, language="en")
    _letters_on(case, 1, 1)  # written on the 9th, composed on the 10th

    text, cover = _digest_sent(smtp_server)

    assert "received on Dec. 9, 2016" in text
    assert "Letters received on Dec. 9, 2016" in cover
    assert "2016-12-10" not in text + cover


def test_the_days_are_in_the_officials_language(case: Case, smtp_server: SmtpServer) -> None:
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST, language="es")
    _letters_on(case, 2, 0)

    text, cover = _digest_sent(smtp_server)

    assert "8 de diciembre de 2016" in text and "10 de diciembre de 2016" in text
    assert "8 de diciembre de 2016" in cover and "10 de diciembre de 2016" in cover
    assert "Dec." not in text + cover
