"""The words a supporter agrees to when they ask for news: the same on the web forms and on
a write-a-thon's paper sign-up sheet (delivery/packs.py), so both record one consent."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Bump when the wording of the consent checkbox changes: each consent keeps its version.
CONSENT_VERSION = "2016-1"
CONSENT_TEXT = _(
    "Keep me informed by email about this campaign and the people I wrote for. "
    "I can stop these emails at any time."
)
