"""The one small interface every delivery channel implements."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from writeathon.delivery.models import Delivery


class TransportError(Exception):
    """Sending failed. `permanent` failures (a refused address, a 4xx) are not retried."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class NotNeeded(Exception):
    """Nothing is left to send: the delivery is called off, not tried again (a
    confirmation whose actions were all confirmed or declined before it went)."""


class Transport:
    """Sends deliveries of one channel. One instance serves one batch, then is closed.

    `send` returns the provider's id for the message ("" when the channel has none) or
    raises TransportError. It may be called many times between `open` and `close`, so a
    transport can keep one connection for a whole batch.
    """

    channel: str = ""
    # Seconds between two calls to the same destination (fax lines take one call at a time).
    pace_seconds: float = 0.0

    def open(self) -> None:
        """Prepare for a batch (connect). Errors here count as a failed attempt."""

    def send(self, delivery: Delivery) -> str:
        raise NotImplementedError

    def close(self) -> None:
        """Release what `open` took. Must not raise."""
