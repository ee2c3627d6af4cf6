"""Counter rows that any number of processes add to at once: one way to do it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import F

_CounterT = TypeVar("_CounterT", bound=models.Model)


def counter_add(
    model: type[_CounterT],
    *,
    key: Mapping[str, Any],
    amounts: Mapping[str, int],
    defaults: Mapping[str, Any] | None = None,
) -> bool:
    """Add `amounts` (field: number) to the row of `model` that `key` names, creating it
    with those amounts (and `defaults`) on the first count. True when this call created it.

    `key` must be unique on the model: an UPDATE first (the common case, one statement), an
    INSERT when there was no row, and an UPDATE again when another process inserted it a
    moment before us, so that no count is lost and none is counted twice.
    """
    rows = model._default_manager.filter(**key)
    increments = {field: F(field) + amount for field, amount in amounts.items()}
    if rows.update(**increments):
        return False
    try:
        with transaction.atomic():
            model._default_manager.create(**key, **amounts, **(defaults or {}))
    except IntegrityError:
        rows.update(**increments)
        return False
    return True
