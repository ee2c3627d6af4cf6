"""Forms that supporters fill in to act on a case. They parse and check; services write."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from writeathon.actions.models import Channel

# Bump when the wording of the consent checkbox changes: each consent keeps its version.
CONSENT_VERSION = "2016-1"
CONSENT_TEXT = _(
    "Keep me informed by email about this campaign and the people I wrote for. "
    "I can stop these emails at any time."
)


class _NoControlCharacters:
    """Refuses invisible control characters that have no place in a name or a letter."""

    message = _("Please remove the invisible control characters from this text.")

    def __call__(self, value: str) -> None:
        # C0 and C1 control characters and DEL (Unicode category Cc), except line breaks and tabs.
        if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in value):
            raise forms.ValidationError(self.message, code="control_characters")


class CountrySelect(forms.Select):
    """A select that renders its options in Python.

    Rendering some 250 countries through the option templates took about 14 ms per
    list, most of a case page's time; this produces the same markup in well under 1 ms.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (code, mark_safe(" selected") if code == selected else "", label)
                for code, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def _country_choices() -> list[tuple[str, str]]:
    return [("", str(_("Choose your country"))), *((code, str(name)) for code, name in countries)]


class SupporterFieldsForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        validators=[_NoControlCharacters()],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send you one email to confirm that this address is yours."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    country = forms.ChoiceField(
        label=_("Your country"),
        choices=_country_choices,
        widget=CountrySelect(attrs={"autocomplete": "country"}),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    channel: Channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Prefix per channel, so that two forms on one page keep their own values and errors.
        self.prefix = self.channel.value

    def clean_name(self) -> str:
        name: str = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name


class SignatureForm(SupporterFieldsForm):
    channel = Channel.SIGNATURE


class EmailActionForm(SupporterFieldsForm):
    channel = Channel.EMAIL

    subject = forms.CharField(
        label=_("Subject"), max_length=200, validators=[_NoControlCharacters()]
    )
    body = forms.CharField(
        label=_("Your letter"),
        max_length=5000,
        min_length=20,
        validators=[_NoControlCharacters()],
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Edit the sample letter as you wish: a personal letter has more impact."),
    )

    field_order = ["subject", "body", "name", "email", "country", "consent"]

    def clean_subject(self) -> str:
        # A subject is one line: line breaks would let a writer add email headers.
        return " ".join(str(self.cleaned_data["subject"]).split())


ACTION_FORMS: dict[str, type[SupporterFieldsForm]] = {
    Channel.EMAIL.value: EmailActionForm,
    Channel.SIGNATURE.value: SignatureForm,
}
