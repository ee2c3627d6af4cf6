"""Forms that supporters fill in to act on a case. They parse and check; services write."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from typing import Any, cast

from django import forms
from django.forms.utils import ErrorDict, flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from writeathon.abuse.forms import GuardedForm
from writeathon.actions.models import MESSAGE_LENGTHS
from writeathon.core.vocabulary import Channel
from writeathon.supporters.forms import MailableEmailValidator

# Bump when the wording of the consent checkbox changes: each consent keeps its version.
CONSENT_VERSION = "2016-1"
CONSENT_TEXT = _(
    "Keep me informed by email about this campaign and the people I wrote for. "
    "I can stop these emails at any time."
)


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


def _country_choices() -> list[tuple[str, str]]:
    return [("", str(_("Choose your country"))), *((code, str(name)) for code, name in countries)]


SUPPORTER_FIELDS = ("name", "email", "country", "consent")


class WayForm(forms.Form):
    """What the supporter writes for one way to act, prefixed with its channel ("email-body"),
    validated only when that way is chosen."""

    channel: Channel

    def __init__(self, data: Any = None, *, initial: dict[str, Any] | None = None) -> None:
        super().__init__(data, prefix=self.channel.value, initial=initial)


class _LetterWayForm(WayForm):
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

    def clean_subject(self) -> str:
        # A subject is one line: line breaks would let a writer add email headers.
        return " ".join(str(self.cleaned_data["subject"]).split())


class EmailWayForm(_LetterWayForm):
    channel = Channel.EMAIL

    copy_to_supporter = forms.BooleanField(label=_("Send me a copy of my email"), required=False)
    hide_email = forms.BooleanField(
        label=_("Hide my email address from the official"),
        help_text=_("Replies then go to the campaign's address instead of yours."),
        required=False,
    )


class FaxWayForm(_LetterWayForm):
    """The campaign faxes the letter to the official's office."""

    channel = Channel.FAX


class LetterWayForm(_LetterWayForm):
    """The campaign prints the letter and posts it with the others."""

    channel = Channel.LETTER


class TweetWayForm(WayForm):
    """Records a post the supporter made themselves from the prefilled text ("I posted it")."""

    channel = Channel.TWEET


class SolidarityWayForm(WayForm):
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


class SignatureWayForm(WayForm):
    channel = Channel.SIGNATURE


WAY_FORMS: dict[str, type[WayForm]] = {
    form.channel.value: form
    for form in (
        EmailWayForm,
        FaxWayForm,
        LetterWayForm,
        TweetWayForm,
        SolidarityWayForm,
        SignatureWayForm,
    )
}
"""Every way to act a case page can offer, in the order the page shows them."""


class ActForm(GuardedForm):
    """The one form of a case page: the supporter once (name, email, country, consent),
    then the ways to act they choose, each with its own text (`way_forms`).

    Only the chosen ways are validated; the form is valid when the supporter's fields and
    every chosen way are. The honeypot, the "shown at" stamp and its one accepted
    submission (GuardedForm) cover the whole form, the chosen ways' texts included.
    """

    ways = forms.MultipleChoiceField(
        label=_("Ways to act"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way to act.")},
    )
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

    def __init__(
        self,
        data: Any = None,
        *,
        offered: Collection[str],
        texts: dict[str, dict[str, str]] | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.offered = [channel for channel in WAY_FORMS if channel in offered]
        ways = cast(forms.MultipleChoiceField, self.fields["ways"])
        ways.choices = [(channel, channel) for channel in self.offered]
        self.way_forms: dict[str, WayForm] = {
            channel: WAY_FORMS[channel](data, initial=(texts or {}).get(channel))
            for channel in self.offered
        }
        chosen = self.chosen()
        for channel, form in self.way_forms.items():
            if channel not in chosen:
                # Shown again with what was typed, never checked: it was not chosen.
                form._errors = ErrorDict()  # type: ignore[attr-defined]
                form.cleaned_data = {}

    def chosen(self) -> list[str]:
        """The ways ticked: what was sent, or (unbound) what `initial` ticks."""
        if self.is_bound:
            sent = set(self.data.getlist("ways")) if hasattr(self.data, "getlist") else set()
        else:
            sent = set(self.initial.get("ways") or ())
        return [channel for channel in self.offered if channel in sent]

    def chosen_forms(self) -> list[WayForm]:
        return [self.way_forms[channel] for channel in self.chosen()]

    def full_clean(self) -> None:
        # The chosen ways first: the guard below spends the stamp only for a valid whole.
        for form in self.chosen_forms():
            form.full_clean()
        super().full_clean()

    def _other_errors(self) -> bool:
        return any(form.errors for form in self.chosen_forms())

    def _submitted_extra(self) -> dict[str, Any]:
        return {
            f"{form.prefix}-{name}": value
            for form in self.chosen_forms()
            for name, value in (getattr(form, "cleaned_data", None) or {}).items()
        }

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return valid and not self._other_errors()

    def has_any_errors(self) -> bool:
        return bool(self.errors) or self._other_errors()

    def error_fields(self) -> list[forms.BoundField]:
        """Every field with an error, the chosen ways' first: for the summary at the top."""
        fields = [field for form in self.chosen_forms() for field in form if field.errors]
        return [field for field in self if field.errors and field.name != "shown"] + fields

    def supporter_fields(self) -> list[forms.BoundField]:
        """The fields about the supporter, shown together under one legend."""
        return [self[name] for name in SUPPORTER_FIELDS]

    def clean_name(self) -> str:
        name: str = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name
