from __future__ import annotations

from django import template
from django.utils.formats import get_format

register = template.Library()


@register.simple_tag
def thousand_separator() -> str:
    """The digit-group separator of the active language, for scripts that format counts."""
    return str(get_format("THOUSAND_SEPARATOR"))
