"""Reads: the block and allow lists as checked on every public POST, and hourly traffic."""

from __future__ import annotations

import enum
import ipaddress
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.db.models import Count, Q, Sum
from django.utils import timezone

from writeathon.abuse.models import AccessRule, TrafficHour
from writeathon.core.cache import cache_get, cache_set

RULES_CACHE_KEY = "abuse:access-rules:v1"
# Another process (without Redis, each has its own cache) sees a change within this time.
RULES_CACHE_SECONDS = 60

# kind, value, action, expiry (Unix time, or None for never): small and picklable.
RuleRow = tuple[str, str, str, float | None]


class Verdict(enum.StrEnum):
    BLOCK = "block"
    ALLOW = "allow"
    NONE = ""


@dataclass(frozen=True)
class _Entry:
    kind: str
    value: str
    action: str
    expires: float | None
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None


class AccessRules:
    """The active rules, compiled for matching. A block wins over an allow."""

    def __init__(self, rows: tuple[RuleRow, ...]) -> None:
        self._entries = tuple(_compile(row) for row in rows)

    def _verdict(self, matches: list[_Entry]) -> Verdict:
        now = time.time()
        actions = {
            entry.action for entry in matches if entry.expires is None or entry.expires > now
        }
        if AccessRule.Action.BLOCK in actions:
            return Verdict.BLOCK
        if AccessRule.Action.ALLOW in actions:
            return Verdict.ALLOW
        return Verdict.NONE

    def for_ip(self, ip: str) -> Verdict:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return Verdict.NONE
        matches = [
            entry
            for entry in self._entries
            if (entry.kind == AccessRule.Kind.IP and entry.value == ip)
            or (entry.network is not None and address in entry.network)
        ]
        return self._verdict(matches)

    def for_email(self, canonical: str) -> Verdict:
        """For an address in canonical form: its own rules and its domain's (and parents')."""
        domain = canonical.rpartition("@")[2]
        matches = [
            entry
            for entry in self._entries
            if (entry.kind == AccessRule.Kind.EMAIL and entry.value == canonical)
            or (
                entry.kind == AccessRule.Kind.EMAIL_DOMAIN
                and (domain == entry.value or domain.endswith("." + entry.value))
            )
        ]
        return self._verdict(matches)

    def for_domain(self, domain: str) -> Verdict:
        return self.for_email(f"@{domain}")


@lru_cache(maxsize=256)
def _compile(row: RuleRow) -> _Entry:
    kind, value, action, expires = row
    network = None
    if kind == AccessRule.Kind.NETWORK:
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            network = None  # stored by hand in a form no rule can match
    return _Entry(kind=kind, value=value, action=action, expires=expires, network=network)


def access_rules_current() -> AccessRules:
    """The rules that apply now, from the cache (refreshed within a minute, or at once by the
    services that change them)."""
    rows = cache_get(RULES_CACHE_KEY)
    if not isinstance(rows, tuple):
        now = timezone.now()
        rows = tuple(
            (
                rule.kind,
                rule.value,
                rule.action,
                rule.expires_at.timestamp() if rule.expires_at else None,
            )
            for rule in AccessRule.objects.filter(
                Q(expires_at__isnull=True) | Q(expires_at__gt=now)
            ).only("kind", "value", "action", "expires_at")
        )
        cache_set(RULES_CACHE_KEY, rows, RULES_CACHE_SECONDS)
    return AccessRules(rows)


def access_rules_list() -> list[AccessRule]:
    """Every rule, for staff: the active ones first, then those that have expired."""
    return list(AccessRule.objects.select_related("created_by").order_by("kind", "value"))


@dataclass(frozen=True)
class TrafficRow:
    value: str
    submissions: int
    refused: int
    verdict: Verdict


def hour_start(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def traffic_since(*, hours: int) -> datetime:
    """The first clock hour of "the last `hours` hours" (the current one included)."""
    return hour_start(timezone.now() - timedelta(hours=hours))


def traffic_busiest(*, kind: str, since: datetime, limit: int = 20) -> list[TrafficRow]:
    """The addresses or domains with the most submissions since `since`, busiest first."""
    rules = access_rules_current()
    rows = (
        TrafficHour.objects.filter(kind=kind, hour__gte=since)
        .values("value")
        .annotate(total=Sum("submissions"), total_refused=Sum("refused"))
        .order_by("-total", "-total_refused", "value")[:limit]
    )
    return [
        TrafficRow(
            value=row["value"],
            submissions=row["total"] or 0,
            refused=row["total_refused"] or 0,
            verdict=(
                rules.for_ip(row["value"])
                if kind == TrafficHour.Kind.IP
                else rules.for_domain(row["value"])
            ),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class TrafficTotals:
    """All public form posts since a time: how many, how many refused, from how many
    client addresses. Holds no address: for staff who may not see them."""

    submissions: int
    refused: int
    addresses: int


def traffic_totals(*, since: datetime) -> TrafficTotals:
    totals = TrafficHour.objects.filter(kind=TrafficHour.Kind.IP, hour__gte=since).aggregate(
        submissions=Sum("submissions"),
        refused=Sum("refused"),
        addresses=Count("value", distinct=True),
    )
    return TrafficTotals(
        submissions=totals["submissions"] or 0,
        refused=totals["refused"] or 0,
        addresses=totals["addresses"] or 0,
    )
