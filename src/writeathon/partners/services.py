"""Writes for partners: tokens (made, used, revoked), the call log, idempotent answers and
webhook endpoints. The API's views call these; the outbox reads endpoints to sign events."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from writeathon.core.cache import cache_delete
from writeathon.partners.models import (
    ApiCall,
    ApiToken,
    IdempotentRequest,
    Partner,
    Scope,
    WebhookEndpoint,
    WebhookEvent,
)

TOKEN_PREFIX = "wat_"  # noqa: S105 - how tokens start, not a secret
ENDPOINTS_CACHE_KEY = "partners:webhook-endpoints:v1"
# How long a stored answer to an Idempotency-Key is kept: a partner retries within hours.
IDEMPOTENCY_DAYS = 7
# How long each call stays in the log staff read.
API_CALL_LOG_DAYS = 90


def token_digest(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    partner: Partner,
    name: str,
    scopes: Sequence[str],
    expires_at: datetime | None,
    created_by: Any = None,
) -> tuple[ApiToken, str]:
    """Make a token; returns it and its plain text, which is shown once and never stored."""
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise ValueError(f"Unknown scopes: {sorted(unknown)}")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        partner=partner,
        name=name,
        prefix=plain[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(plain),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    return token, plain


@transaction.atomic
def api_token_revoke(*, token_id: int, revoked_by: Any = None) -> bool:
    """Revoke a token at once; a second call changes nothing. Returns whether it did."""
    return bool(
        ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now(),
            revoked_by=revoked_by if getattr(revoked_by, "pk", None) else None,
        )
    )


def api_token_authenticate(*, plain: str) -> ApiToken | None:
    """The usable token with this text (not revoked, not expired, its partner active)."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token = (
        ApiToken.objects.select_related("partner", "partner__section")
        .filter(digest=token_digest(plain))
        .first()
    )
    if token is None or not token.is_usable:
        return None
    return token


def api_call_log(
    *, token: ApiToken, method: str, path: str, status: int, milliseconds: int
) -> None:
    """Log one call and note when the token was last used."""
    now = timezone.now()
    ApiCall.objects.create(
        token=token, method=method, path=path[:500], status=status, milliseconds=milliseconds
    )
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def idempotent_answer_get(*, token: ApiToken, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(token=token, key=key).first()


def idempotent_answer_store(
    *, token: ApiToken, key: str, request_digest: str, status: int, body: Any
) -> bool:
    """Keep the answer to a keyed POST; false when a concurrent request stored one first.
    Call in the transaction that did the work, so the work and its answer commit together."""
    try:
        with transaction.atomic():
            IdempotentRequest.objects.create(
                token=token, key=key, request_digest=request_digest, status=status, body=body
            )
    except IntegrityError:
        return False
    return True


def partners_purge(*, now: datetime | None = None) -> int:
    """Forget answers to idempotent requests older than IDEMPOTENCY_DAYS and calls logged
    more than API_CALL_LOG_DAYS ago (a periodic job); returns how many rows went."""
    now = now or timezone.now()
    answers, _rows = IdempotentRequest.objects.filter(
        created_at__lt=now - timedelta(days=IDEMPOTENCY_DAYS)
    ).delete()
    calls, _rows = ApiCall.objects.filter(at__lt=now - timedelta(days=API_CALL_LOG_DAYS)).delete()
    return answers + calls


@transaction.atomic
def webhook_endpoint_create(
    *, partner: Partner, url: str, events: Sequence[str]
) -> tuple[WebhookEndpoint, str]:
    """Make an endpoint; returns it and its signing secret (shown to staff once)."""
    unknown = set(events) - set(WebhookEvent.values)
    if unknown:
        raise ValueError(f"Unknown events: {sorted(unknown)}")
    secret = secrets.token_hex(32)
    endpoint = WebhookEndpoint.objects.create(
        partner=partner, url=url, secret=secret, events=sorted(set(events))
    )
    transaction.on_commit(lambda: cache_delete(ENDPOINTS_CACHE_KEY))
    return endpoint, secret


@transaction.atomic
def webhook_endpoint_update(
    *, endpoint_id: int, url: str, events: Sequence[str], is_active: bool
) -> None:
    unknown = set(events) - set(WebhookEvent.values)
    if unknown:
        raise ValueError(f"Unknown events: {sorted(unknown)}")
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        url=url, events=sorted(set(events)), is_active=is_active, updated_at=timezone.now()
    )
    transaction.on_commit(lambda: cache_delete(ENDPOINTS_CACHE_KEY))
