"""The petition thermometer of a case: {% load signatures %}{% signature_thermometer case %}."""

from __future__ import annotations

from typing import Any

from django import template

from writeathon.actions.selectors import case_signature_counts
from writeathon.campaigns.models import Case

register = template.Library()

# The thermometer's drawing, in SVG user units.
_WIDTH = 200
_HEIGHT = 12


@register.inclusion_tag("campaigns/_signature_thermometer.html")
def signature_thermometer(case: Case, count: int | None = None) -> dict[str, Any]:
    """How many signed the case's petition against its goal; nothing without a goal. Pass
    `count` when the page read every case's count at once."""
    goal = case.signature_goal
    if not goal:
        return {"goal": 0}
    if count is None:
        count = case_signature_counts(case_ids=[case.pk])[case.pk]
    share = min(count / goal, 1.0)
    return {
        "case": case,
        "goal": goal,
        "count": count,
        "percent": int(count * 100 // goal),
        "width": _WIDTH,
        "height": _HEIGHT,
        "filled": round(share * _WIDTH, 1),
    }
