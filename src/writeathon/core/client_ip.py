"""The address of the person behind a request, for rate limits and login lockouts.

Limits count a client by ``client_key``: an IPv6 client by its /64 (``IPV6_CLIENT_PREFIX``).

Behind a reverse proxy, ``REMOTE_ADDR`` is the proxy's address; the client's is in a header the
proxy adds (``TRUSTED_PROXY_HEADER``, e.g. ``X-Forwarded-For``). Everything left of the last
entry the proxy wrote could have been sent by the client itself, so the right-most entry that
is not one of our own proxies (``TRUSTED_PROXY_NETWORKS``) is the one to believe.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# What a request without any usable address counts as (a Unix socket, a broken proxy).
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a value, not a bind address


def client_ip(request: HttpRequest, *args: Any) -> str:
    """The client's IP address as a normalised string.

    With ``TRUSTED_PROXY_HEADER`` set, the right-most address in that header that is not a
    trusted proxy; without it, or when the header is missing or malformed, ``REMOTE_ADDR``.
    (Extra positional arguments are accepted and ignored, for callers such as django-axes.)
    """
    remote = _parse_address(request.META.get("REMOTE_ADDR", ""))
    header: str = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if header:
        forwarded = request.META.get(_meta_key(header), "")
        chosen = _right_most_untrusted(str(forwarded))
        if chosen is not None:
            return chosen
    return remote or UNKNOWN_ADDRESS


def client_key(request: HttpRequest, *args: Any) -> str:
    """The address a client is counted by, for rate limits, login lockouts and floods.

    An IPv4 address as it is; an IPv6 address by the first address of its network of
    ``IPV6_CLIENT_PREFIX`` bits (64: ``2001:db8:1:2::``), since one home, phone or server
    is given a whole /64 and may rotate through it. Still an IP address, so that it fits
    where one is stored (django-axes). Block and allow lists match the full address.
    """
    return address_key(client_ip(request))


def address_key(address: str) -> str:
    """`address` (as client_ip returns it) as clients are counted: see client_key."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        prefix = int(getattr(settings, "IPV6_CLIENT_PREFIX", 64))
        return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False).network_address)
    return str(parsed)


def _right_most_untrusted(forwarded: str) -> str | None:
    trusted = _trusted_networks(tuple(getattr(settings, "TRUSTED_PROXY_NETWORKS", ())))
    for entry in reversed(forwarded.split(",")):
        address = _parse_address(entry)
        if address is None:
            # An entry our proxies would never write: what is left of it is untrustworthy.
            return None
        if not any(ipaddress.ip_address(address) in network for network in trusted):
            return address
    return None


def _parse_address(value: str) -> str | None:
    """A normalised IP address from ``value``, allowing a port (``1.2.3.4:80``, ``[::1]:80``)."""
    value = value.strip()
    if not value or len(value) > 64:
        return None
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(address)
    return None


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


@lru_cache(maxsize=8)
def _trusted_networks(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)
