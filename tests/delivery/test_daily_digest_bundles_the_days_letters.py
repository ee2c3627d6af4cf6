"""An official on a digest gets one email a day, with every letter of the day in a PDF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import Message

import pypdfium2 as pdfium
import time_machine

from tests.conftest import SmtpServer
from tests.delivery.outbox import confirmed_action, outbox_pass
from writeathon.campaigns.models import Case, Target
from writeathon.delivery.models import Delivery
from writeathon.delivery.services import digests_compose

MORNING = datetime(2016, 12, 10, 9, 0, tzinfo=UTC)


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _attachment(message: Message) -> bytes:
    for part in message.walk():
        if part.get_content_type() == "application/pdf":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise AssertionError("no PDF attached")


def test_letters_wait_then_go_as_one_email_with_a_pdf(case: Case, smtp_server: SmtpServer) -> None:
    # The digest is written in the official's language: English here, to read it below.
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST, language="en")
    with time_machine.travel(MORNING - timedelta(days=1), tick=False):
        for i in range(3):
            confirmed_action(
                case,
                email=f"writer{i}@example.net",
                name=f"Writer Number{i}",
                body=f"Dear Prosecutor,\n\nLetter number {i}: please release Shawkan.",
            )
        # Nothing goes out one by one.
        assert outbox_pass().delivered == []
        # Before the digest hour nothing is composed.
        assert digests_compose() == 0

    with time_machine.travel(MORNING, tick=False):
        assert digests_compose() == 1
        assert digests_compose() == 0  # once a day, whichever worker runs it
        result = outbox_pass()
    digest = Delivery.objects.get(kind=Delivery.Kind.DIGEST)
    assert result.delivered[0] == digest.pk
    assert digest.recipient == "prosecutor-eg@example.org"
    letters = Delivery.objects.filter(kind=Delivery.Kind.LETTER)
    assert set(letters.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}
    assert set(letters.values_list("bundle_id", flat=True)) == {digest.pk}

    to_official = [m for m in smtp_server.inbox.messages if m["To"] == digest.recipient]
    assert len(to_official) == 1
    message = to_official[0]
    assert message["Message-ID"] == digest.message_id
    assert "3 letters about Shawkan" in message["Subject"]
    text = _pdf_text(_attachment(message))
    for i in range(3):
        assert f"Letter number {i}: please release Shawkan." in text
        assert f"Writer Number{i}" in text
    # Each writer still hears that their letter arrived.
    assert Delivery.objects.filter(kind=Delivery.Kind.NOTICE).count() == 3


def test_letters_after_the_digest_hour_wait_for_the_next_day(case: Case) -> None:
    Target.objects.filter(case=case).update(email_policy=Target.EmailPolicy.DIGEST)
    with time_machine.travel(MORNING + timedelta(hours=1), tick=False):
        confirmed_action(case)
        assert digests_compose() == 0  # written after today's digest time
    with time_machine.travel(MORNING + timedelta(days=1), tick=False):
        assert digests_compose() == 1
