"""Writes: block and allow rules, the hourly traffic count, used form stamps, and purging old
counters."""

from __future__ import annotations

import logging
import math
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from writeathon.abuse.models import AccessRule, RateCounter, TrafficHour, UsedFormStamp
from writeathon.abuse.selectors import RULES_CACHE_KEY, hour_start
from writeathon.core.cache import cache_delete
from writeathon.core.counters import counter_add

logger = logging.getLogger(__name__)


def access_rules_changed() -> None:
    """Drop the cached rules once the change is committed (other processes without Redis
    see it within RULES_CACHE_SECONDS)."""
    transaction.on_commit(lambda: cache_delete(RULES_CACHE_KEY))


@transaction.atomic
def access_rule_add(
    *,
    kind: str,
    value: str,
    action: str,
    note: str = "",
    expires_at: datetime | None = None,
    created_by: AbstractBaseUser | None = None,
) -> AccessRule:
    """Block or allow an address, network, email domain or email address (`value` already
    normalised by the form). Logged with who added it."""
    rule = AccessRule.objects.create(
        kind=kind,
        value=value,
        action=action,
        note=note,
        expires_at=expires_at,
        created_by_id=created_by.pk if created_by is not None else None,
    )
    logger.info(
        "Access rule added by %s: %s %s %s",
        created_by.get_username() if created_by is not None else "-",
        action,
        kind,
        value,
    )
    access_rules_changed()
    return rule


@transaction.atomic
def access_rule_remove(*, rule: AccessRule, removed_by: AbstractBaseUser | None = None) -> None:
    logger.info(
        "Access rule removed by %s: %s %s %s",
        removed_by.get_username() if removed_by is not None else "-",
        rule.action,
        rule.kind,
        rule.value,
    )
    rule.delete()
    access_rules_changed()


def traffic_record(*, ip: str, domain: str = "", refused: bool = False) -> None:
    """Count one public POST in this hour for its client address and email domain.

    One statement for both rows (an upsert; without one, an UPDATE per row and an INSERT for
    the first POST of an hour).
    """
    hour = hour_start(timezone.now())
    targets = [(TrafficHour.Kind.IP.value, ip)]
    if domain:
        targets.append((TrafficHour.Kind.DOMAIN.value, domain[:255]))
    if _can_upsert():
        _traffic_upsert(hour, targets, refused)
        return
    amounts = {"submissions": 1, "refused": int(refused)}
    for kind, value in targets:
        counter_add(TrafficHour, key={"hour": hour, "kind": kind, "value": value}, amounts=amounts)


def _can_upsert() -> bool:
    return bool(connection.features.supports_update_conflicts_with_target)


def _traffic_upsert(hour: datetime, targets: list[tuple[str, str]], refused: bool) -> None:
    quote = connection.ops.quote_name
    table = quote(TrafficHour._meta.db_table)
    names = [quote(n) for n in ("hour", "kind", "value", "submissions", "refused")]
    hour_column, kind, value, submissions, refusals = names
    rows = ", ".join(["(%s, %s, %s, 1, %s)"] * len(targets))
    params: list[Any] = []
    for target_kind, target_value in targets:
        params += [
            connection.ops.adapt_datetimefield_value(hour),
            target_kind,
            target_value,
            int(refused),
        ]
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES {rows} "  # noqa: S608 - names quoted, values bound
        f"ON CONFLICT ({hour_column}, {kind}, {value}) DO UPDATE SET "
        f"{submissions} = {table}.{submissions} + 1, "
        f"{refusals} = {table}.{refusals} + excluded.{refusals}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def form_stamp_spend(*, nonce: str, submission: str, expires_at: float) -> bool:
    """Record that a form carrying the stamp `nonce` was accepted with `submission` (a keyed
    hash of what was sent). False if the stamp was accepted before with something else; the
    very same submission again (a double click, Back and send) passes, to be answered as
    the duplicate it is.

    Kept until `expires_at` (Unix time), when the stamp is too old to pass anyway: in the
    cache (one atomic ``add`` in Redis) when RATE_LIMIT_STORE is ``cache``, in the database
    otherwise or while the cache is unreachable, as the rate limits are.
    """
    if settings.RATE_LIMIT_STORE == "cache":
        key = f"abuse:stamp:{nonce}"
        ttl = max(1, math.ceil(expires_at - time.time()))
        try:
            return bool(cache.add(key, submission, ttl)) or cache.get(key) == submission
        except Exception:
            logger.warning(
                "Cache unavailable: form stamp recorded in the database instead", exc_info=True
            )
    try:
        with transaction.atomic():
            UsedFormStamp.objects.create(
                nonce=nonce,
                submission=submission,
                expires_at=datetime.fromtimestamp(expires_at, tz=UTC),
            )
    except IntegrityError:
        return UsedFormStamp.objects.filter(nonce=nonce, submission=submission).exists()
    return True


def abuse_purge() -> dict[str, int]:
    """Delete rate counters whose windows have ended, used form stamps that could no longer
    pass, and traffic older than ABUSE_TRAFFIC_KEEP_DAYS (it holds client addresses). Run
    by the worker every hour."""
    now = timezone.now()
    counters, _ = RateCounter.objects.filter(window_start__lt=now - timedelta(days=2)).delete()
    stamps, _ = UsedFormStamp.objects.filter(expires_at__lt=now).delete()
    traffic, _ = TrafficHour.objects.filter(
        hour__lt=now - timedelta(days=settings.ABUSE_TRAFFIC_KEEP_DAYS)
    ).delete()
    return {"counters": counters, "stamps": stamps, "traffic": traffic}
