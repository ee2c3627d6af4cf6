"""Forms of a supporter's own data pages. They parse and check; services write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from writeathon.abuse.forms import GuardedForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MailableEmailValidator:
    """Refuses addresses that Django's check lets through but mail would not reach as
    written: a local part that is not ASCII (Django's case-insensitive match takes "İ" and
    the Kelvin sign for letters), or a domain that IDNA cannot encode or would change on the
    way (with a zero-width space inside, "example.com" stays example.com for the mail but
    not for the limit per address and the duplicate check)."""

    message = _("Enter a valid email address.")

    def __call__(self, value: str) -> None:
        local, _at, domain = value.rpartition("@")
        if not local.isascii():
            raise forms.ValidationError(self.message, code="invalid")
        if domain.isascii():
            return
        try:
            round_trip = domain.encode("idna").decode("idna")
        except UnicodeError:
            raise forms.ValidationError(self.message, code="invalid") from None
        if round_trip != domain.lower():
            raise forms.ValidationError(self.message, code="invalid")


class DataLinkForm(GuardedForm):
    """Asks for the link to the data page of an address (with the honeypot and minimum time
    of every public form: each request sends an email)."""

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We email a link to this address. Only its owner can open your data."),
        validators=[MailableEmailValidator()],
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class EraseForm(forms.Form):
    """Erasure cannot be undone: the box must be ticked."""

    confirm = forms.BooleanField(
        label=_("I understand: this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you want to be erased.")},
    )


class EmailAgainForm(forms.Form):
    """Starting email again after stopping it: the consent's own words, ticked on purpose."""

    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to agree to receive our emails again.")},
    )

    def __init__(self, *args: object, consent_text: StrOrPromise, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["consent"].label = consent_text
