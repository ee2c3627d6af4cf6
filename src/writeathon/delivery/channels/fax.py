"""Fax: the letter as a PDF, through an HTTP fax gateway (or into files for the demo).

The request format is documented in docs/delivery.md ("Fax gateway").
"""

from __future__ import annotations

from django.conf import settings

from writeathon.delivery.channels.base import Transport
from writeathon.delivery.channels.gateway import GatewayTransport, outbox_file_write, recipient_e164
from writeathon.delivery.documents import delivery_letter
from writeathon.delivery.models import Delivery
from writeathon.delivery.pdf import letter_pdf


def fax_document(delivery: Delivery) -> bytes:
    """The page the official's fax machine prints: the letter, the same on every attempt."""
    return letter_pdf(delivery_letter(delivery))


def _pace_seconds() -> float:
    # One call at a time per number, at most FAX_CALLS_PER_MINUTE a minute (0: no limit).
    rate = float(settings.FAX_CALLS_PER_MINUTE)
    return 60 / rate if rate > 0 else 0.0


class GatewayFaxTransport(GatewayTransport):
    channel = "fax"
    gateway_name = "fax gateway"

    def __init__(self) -> None:
        super().__init__(url=settings.FAX_GATEWAY_URL, token=settings.FAX_GATEWAY_TOKEN)
        # Read when the batch starts, not at import: the setting may change (tests, reloads).
        self.pace_seconds = _pace_seconds()

    def send(self, delivery: Delivery) -> str:
        number = recipient_e164(delivery)
        document = fax_document(delivery)
        return self.post(
            delivery,
            data={"to": number},
            files={"document": (f"letter-{delivery.pk}.pdf", document, "application/pdf")},
        )


class FileFaxTransport(Transport):
    """No fax gateway configured (the demo): each fax is a PDF in OUTBOX_DIR/fax/<number>/."""

    channel = "fax"

    def send(self, delivery: Delivery) -> str:
        number = recipient_e164(delivery)
        return outbox_file_write(f"fax/{number}/{delivery.pk}.pdf", fax_document(delivery))
