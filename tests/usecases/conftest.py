"""Fixtures of the use-case tests: the inbound SMS webhook, switched on."""

from __future__ import annotations

from tests.delivery.gateways import sms_webhook  # noqa: F401
