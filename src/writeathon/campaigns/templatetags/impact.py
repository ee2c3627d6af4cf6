"""The case page's news: outcomes and officials' responses, in the reader's language.

One tag, so that the case page needs one line: `{% load impact %}{% case_impact case %}`.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from writeathon.campaigns.models import Case, Outcome
from writeathon.campaigns.selectors import (
    case_outcomes_public,
    case_responses_public,
    outcome_text,
)

register = template.Library()


def outcome_items(outcomes: list[Outcome], language: str) -> list[dict[str, Any]]:
    """Each outcome with its text in `language` (or the fallback) and that text's language,
    so that a page marks a text shown in another language with its own lang attribute."""
    items = []
    for outcome in outcomes:
        text = outcome_text(outcome=outcome, language=language)
        items.append(
            {
                "outcome": outcome,
                "text": text.text if text else "",
                "text_language": text.language if text else "",
                "other_language": bool(text and text.language != language),
            }
        )
    return items


@register.inclusion_tag("campaigns/_case_impact.html")
def case_impact(case: Case) -> dict[str, Any]:
    language = get_language() or "en"
    return {
        "outcomes": outcome_items(case_outcomes_public(case=case), language),
        "responses": case_responses_public(case=case),
    }
