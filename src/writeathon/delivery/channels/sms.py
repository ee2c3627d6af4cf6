"""Text messages to supporters (replies to what they texted), through an HTTP SMS gateway.

The request format is documented in docs/delivery.md ("SMS gateway: sending").
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import timezone

from writeathon.delivery.channels.base import Transport, TransportError
from writeathon.delivery.channels.gateway import GatewayTransport, outbox_file_write, recipient_e164
from writeathon.delivery.models import Delivery
from writeathon.supporters.models import Supporter


def sms_message(delivery: Delivery) -> dict[str, str]:
    """What to send, checked: refuses (permanently) a number that texted STOP.

    Only a message marked ``"final": true`` (the confirmation of the STOP itself, an answer to
    HELP) still goes to a stopped number.
    """
    number = recipient_e164(delivery)
    text = delivery.payload.get("text")
    if not isinstance(text, str) or not text.strip():
        raise TransportError("The message has no text", permanent=True)
    final = delivery.payload.get("final") is True
    if not final and Supporter.objects.filter(phone=number, sms_stopped_at__isnull=False).exists():
        raise TransportError(
            "Not sent: the number texted STOP and receives no more messages", permanent=True
        )
    message = {"to": number, "text": text}
    if settings.SMS_FROM_NUMBER:
        message["from"] = settings.SMS_FROM_NUMBER
    return message


class GatewaySmsTransport(GatewayTransport):
    channel = "sms"
    gateway_name = "SMS gateway"

    def __init__(self) -> None:
        super().__init__(url=settings.SMS_GATEWAY_URL, token=settings.SMS_GATEWAY_TOKEN)

    def send(self, delivery: Delivery) -> str:
        return self.post(delivery, json=sms_message(delivery))


class FileSmsTransport(Transport):
    """No SMS gateway configured (the demo): each message is a JSON file in OUTBOX_DIR/sms/."""

    channel = "sms"

    def send(self, delivery: Delivery) -> str:
        message = sms_message(delivery) | {
            "idempotency_key": delivery.idempotency_key,
            "written_at": timezone.now().isoformat(),
        }
        content = json.dumps(message, ensure_ascii=False, indent=2).encode() + b"\n"
        return outbox_file_write(f"sms/{delivery.pk}.json", content)
