"""Forms that supporters fill in to act on a case. They parse and check; services write."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from writeathon.abuse.forms import GUARD_FIELDS, GuardedForm
from writeathon.actions.models import MESSAGE_LENGTHS
from writeathon.core.vocabulary import Channel
from writeathon.supporters.consents import CONSENT_TEXT
from writeathon.supporters.forms import MailableEmailValidator


class _NoControlCharacters:
    """Refuses invisible control characters that have no place in a name or a letter, and
    text that arrived as bytes that are not UTF-8."""

    message = _("Please remove the invisible control characters from this text.")
    unreadable = _("Part of this text could not be read. Please type it again.")

    def __call__(self, value: str) -> None:
        # C0 and C1 control characters and DEL (Unicode category Cc), except line breaks and tabs.
        if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in value):
            raise forms.ValidationError(self.message, code="control_characters")
        # Django decodes bytes that are not UTF-8 (or a lone surrogate) as U+FFFD: a browser
        # never sends them from our pages, and the letter would reach the official garbled.
        if "\ufffd" in value:
            raise forms.ValidationError(self.unreadable, code="not_utf8")


class CountrySelect(forms.Select):
    """A select of every country that renders in a fraction of a millisecond.

    Through Django's option templates a 250-country list took about 14 ms, and a case page
    has two. The options depend only on the language, so they are built once per language
    and only the chosen one is marked when a form is shown again with its values.
    """

    _options_by_language: dict[str, str] = {}

    def _options(self) -> str:
        language = get_language() or ""
        options = self._options_by_language.get(language)
        if options is None:
            options = "".join(
                f'<option value="{escape(code)}">{escape(label)}</option>'
                for code, label in self.choices
            )
            self._options_by_language[language] = options
        return options

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = self._options()
        if value not in (None, ""):
            chosen = f'<option value="{escape(str(value))}">'
            options = options.replace(chosen, chosen[:-1] + " selected>", 1)
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))  # noqa: S308 - built from escaped parts


def country_from_accept_language(header: str) -> str:
    """The country of the reader's first language, as in "es-AR": a default, never a rule."""
    first = header.split(",")[0].split(";")[0].strip()
    parts = first.replace("_", "-").split("-")
    if len(parts) >= 2 and len(parts[-1]) == 2 and parts[-1].upper() in countries:
        return parts[-1].upper()
    return ""


def _country_choices() -> list[tuple[str, str]]:
    return [("", str(_("Choose your country"))), *((code, str(name)) for code, name in countries)]


SUPPORTER_FIELDS = ("name", "email", "country", "consent")


class SupporterFieldsForm(GuardedForm):
    """The fields about the supporter, shared by every way to act; with the honeypot and
    the signed "shown at" time of GuardedForm, rendered by abuse/_form_guard.html."""

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
        validators=[MailableEmailValidator()],
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

    def message_fields(self) -> list[forms.BoundField]:
        """What the supporter writes or chooses, shown before the fields about them."""
        return [
            field
            for field in self
            if field.name not in SUPPORTER_FIELDS and field.name not in GUARD_FIELDS
        ]

    def supporter_fields(self) -> list[forms.BoundField]:
        """The fields about the supporter, shown together under one legend."""
        return [field for field in self if field.name in SUPPORTER_FIELDS]

    def clean_name(self) -> str:
        name: str = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name


class SignatureForm(SupporterFieldsForm):
    channel = Channel.SIGNATURE


class _LetterForm(SupporterFieldsForm):
    """A letter to the official, prefilled with the appeal's sample letter: email, fax, post."""

    subject = forms.CharField(
        label=_("Subject"), max_length=200, validators=[_NoControlCharacters()]
    )
    body = forms.CharField(
        label=_("Your letter"),
        min_length=MESSAGE_LENGTHS[Channel.LETTER][0],
        max_length=MESSAGE_LENGTHS[Channel.LETTER][1],
        validators=[_NoControlCharacters()],
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Edit the sample letter as you wish: a personal letter has more impact."),
    )

    field_order = ["subject", "body", "name", "email", "country", "consent"]

    def clean_subject(self) -> str:
        # A subject is one line: line breaks would let a writer add email headers.
        return " ".join(str(self.cleaned_data["subject"]).split())


class EmailActionForm(_LetterForm):
    channel = Channel.EMAIL

    copy_to_supporter = forms.BooleanField(label=_("Send me a copy of my email"), required=False)
    hide_email = forms.BooleanField(
        label=_("Hide my email address from the official"),
        help_text=_("Replies then go to the campaign's address instead of yours."),
        required=False,
    )

    field_order = [
        "subject",
        "body",
        "copy_to_supporter",
        "hide_email",
        "name",
        "email",
        "country",
        "consent",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The official's email names the writer and, for replies, gives their address.
        self.fields["email"].help_text = _(
            "The official receives your letter with your name and this address, so that "
            "they can reply to you, unless you hide it. We also send you one email to "
            "confirm that the address is yours."
        )


class FaxActionForm(_LetterForm):
    """The campaign faxes the letter to the official's office."""

    channel = Channel.FAX


class LetterActionForm(_LetterForm):
    """The campaign prints the letter and posts it with the others."""

    channel = Channel.LETTER


class TweetActionForm(SupporterFieldsForm):
    """Records a post the supporter made themselves from the prefilled text ("I posted it")."""

    channel = Channel.TWEET


class SolidarityActionForm(SupporterFieldsForm):
    """A message to the person at risk, read by the campaign team before it is passed on."""

    channel = Channel.SOLIDARITY

    body = forms.CharField(
        label=_("Your message"),
        min_length=MESSAGE_LENGTHS[Channel.SOLIDARITY][0],
        max_length=MESSAGE_LENGTHS[Channel.SOLIDARITY][1],
        validators=[_NoControlCharacters()],
        widget=forms.Textarea(attrs={"rows": 6}),
        # Replaced by the appeal's own guidance when it has some.
        help_text=_("A few warm words of hope and support for them and their family."),
    )

    field_order = ["body", "name", "email", "country", "consent"]


ACTION_FORMS: dict[str, type[SupporterFieldsForm]] = {
    Channel.EMAIL.value: EmailActionForm,
    Channel.FAX.value: FaxActionForm,
    Channel.LETTER.value: LetterActionForm,
    Channel.TWEET.value: TweetActionForm,
    Channel.SOLIDARITY.value: SolidarityActionForm,
    Channel.SIGNATURE.value: SignatureForm,
}
