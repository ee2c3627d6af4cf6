"""Test building blocks for faxes: a confirmed fax action and the PDF's text."""

from __future__ import annotations

import pypdfium2

from tests.delivery.outbox import confirmed_action
from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery

# Fictional numbers (555-0100 to 555-0199 are reserved for fiction), valid for phonenumbers.
OFFICE_FAX = "+1 202 555 0102"
OFFICE_FAX_E164 = "+12025550102"
OTHER_FAX = "+1 202 555 0177"
LETTER_BODY = "Dear Prosecutor,\n\nPlease release Shawkan now: journalism is not a crime."


def fax_letter(case: Case, *, email: str = "writer@example.net", fax: str = OFFICE_FAX) -> Delivery:
    """A supporter's fax to the case's official, queued by the real services."""
    Target.objects.filter(case=case).update(fax=fax)
    action = confirmed_action(case, Channel.FAX, email=email, body=LETTER_BODY)
    return Delivery.objects.get(action=action, channel=Channel.FAX)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text without whitespace (the layout spaces out letters)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text = ""
        for page in document:
            textpage = page.get_textpage()
            text += textpage.get_text_bounded()
            textpage.close()
            page.close()
    finally:
        document.close()
    return "".join(text.split())


def squeezed(text: str) -> str:
    return "".join(text.split())
