"""Limits count an IPv6 client by its network of IPV6_CLIENT_PREFIX bits (64 by default), an
IPv4 client by its address; the one function serves the form limit, the sign-in lockout and
the moderation flood check alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from writeathon.core.client_ip import address_key, client_key
from writeathon.moderation.screening import source_of_request


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("2001:db8:1:2:a:b:c:d", "2001:db8:1:2::"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("203.0.113.7", "203.0.113.7"),
        ("0.0.0.0", "0.0.0.0"),  # noqa: S104 - a value, not a bind address
    ],
)
def test_address_key_by_default(address: str, key: str) -> None:
    assert address_key(address) == key


@pytest.mark.parametrize(
    ("prefix", "key"),
    [(48, "2001:db8:1::"), (56, "2001:db8:1:200::"), (128, "2001:db8:1:2ff:a:b:c:d")],
)
def test_the_prefix_is_a_setting(settings: Any, prefix: int, key: str) -> None:
    settings.IPV6_CLIENT_PREFIX = prefix
    assert address_key("2001:db8:1:2ff:a:b:c:d") == key


def test_one_function_for_limits_lockout_and_floods(settings: Any) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2:a:b:c:d")
    assert client_key(request) == "2001:db8:1:2::"
    assert source_of_request(request) == "ip:2001:db8:1:2::"
    assert settings.AXES_CLIENT_IP_CALLABLE == "writeathon.core.client_ip.client_key"
    # An IPv4 client seen through IPv6 is counted by its IPv4 address.
    mapped = RequestFactory().post("/", REMOTE_ADDR="::ffff:203.0.113.7")
    assert client_key(mapped) == "203.0.113.7"
