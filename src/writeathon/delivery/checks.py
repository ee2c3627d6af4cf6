"""Checks of the outbox's configuration, shown by `writeathon manage check --deploy`
(`writeathon worker` and `serve` refuse to start on the same problem)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from writeathon.delivery.timing import delivery_timing_problem


@register("delivery", deploy=True)
def delivery_timing(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problem = delivery_timing_problem()
    if problem is None:
        return []
    return [
        Error(
            problem,
            hint='See "Timeouts and the lease" in docs/delivery.md.',
            id="writeathon.delivery.E001",
        )
    ]
