from __future__ import annotations

from django import template
from django.utils.formats import get_format

from writeathon.core.mail import mail_files_served

register = template.Library()


@register.simple_tag
def thousand_separator() -> str:
    """The digit-group separator of the active language, for scripts that format counts."""
    return str(get_format("THOUSAND_SEPARATOR"))


@register.simple_tag
def sent_mail_shown() -> bool:
    """Whether the staff pages offer the demo's mail files (core.mail.mail_files_served)."""
    return mail_files_served()
