"""Forms of a supporter's own data pages. They parse and check; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from writeathon.abuse.forms import GuardedForm


class DataLinkForm(GuardedForm):
    """Asks for the link to the data page of an address (with the honeypot and minimum time
    of every public form: each request sends an email)."""

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We email a link to this address. Only its owner can open your data."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class EraseForm(forms.Form):
    """Erasure cannot be undone: the box must be ticked."""

    confirm = forms.BooleanField(
        label=_("I understand: this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you want to be erased.")},
    )
