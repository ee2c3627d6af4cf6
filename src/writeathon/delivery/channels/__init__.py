"""Delivery channels, one module each, chosen by the DELIVERY_TRANSPORTS setting."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from writeathon.delivery.channels.base import Transport, TransportError

__all__ = ["Transport", "TransportError", "transport_channels", "transport_for"]


def transport_channels() -> list[str]:
    """The channels that workers send through a transport (email, fax, SMS)."""
    return list(settings.DELIVERY_TRANSPORTS)


def transport_for(channel: str) -> Transport:
    cls = import_string(settings.DELIVERY_TRANSPORTS[channel])
    transport: Transport = cls()
    return transport
