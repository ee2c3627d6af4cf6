from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from writeathon.core.client_ip import UNKNOWN_ADDRESS, client_ip


def _request(remote: str = "203.0.113.9", **headers: Any) -> Any:
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_proxy_header_the_remote_address_counts(settings: Any) -> None:
    settings.TRUSTED_PROXY_HEADER = ""
    request = _request(HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.9"


def test_behind_a_proxy_the_right_most_address_counts(settings: Any) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    # The client wrote the first entry itself; the proxy appended the second.
    request = _request("10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_trusted_proxies_in_a_chain_are_skipped(settings: Any) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    request = _request("10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7, 10.1.2.3")
    assert client_ip(request) == "198.51.100.7"


def test_another_header_name_is_read(settings: Any) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    request = _request("10.0.0.2", HTTP_X_REAL_IP="2001:DB8::1", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_ip(request) == "2001:db8::1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.7:4431", "198.51.100.7"),
        ("[2001:db8::5]:443", "2001:db8::5"),
        ("::ffff:198.51.100.8", "198.51.100.8"),
        (" 198.51.100.9 ", "198.51.100.9"),
    ],
)
def test_ports_spaces_and_mapped_addresses_are_normalised(
    settings: Any, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    assert client_ip(_request("10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)) == expected


@pytest.mark.parametrize(
    "forwarded",
    ["", "not-an-ip", "198.51.100.7, <script>", "1.1.1.1,", "999.1.1.1", "x" * 5000, "\x00"],
)
def test_a_missing_or_malformed_header_falls_back_to_the_remote_address(
    settings: Any, forwarded: str
) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    assert client_ip(_request("10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)) == "10.0.0.2"


def test_only_trusted_proxies_in_the_header_falls_back_to_the_remote_address(
    settings: Any,
) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9")) == "10.0.0.2"


def test_a_request_without_any_address_has_one_shared_unknown_value(settings: Any) -> None:
    settings.TRUSTED_PROXY_HEADER = ""
    assert client_ip(_request("")) == UNKNOWN_ADDRESS
