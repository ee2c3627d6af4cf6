"""What staff send to the update and widget pages, and what a widget's address may ask for,
checked before anything is read or changed."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from writeathon.campaigns.models import Campaign, Case
from writeathon.delivery.forms import IdChoiceField
from writeathon.reporting.models import Update
from writeathon.sections.models import Section

HEX_COLOUR = re.compile(r"[0-9a-fA-F]{6}")
WIDGET_SIZES = {"s": 1.0, "m": 1.25, "l": 1.6}
WIDGET_DEFAULTS = {"bg": "ffffff", "fg": "1b1f3b", "accent": "ffd400", "size": "m"}


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class ColourField(forms.CharField):
    """A colour as six hexadecimal digits, without the '#' (it would need escaping in a
    link)."""

    def __init__(self, **kwargs: Any) -> None:
        # Not stripped: a value of spaces is a wrong value, not an absent one.
        super().__init__(max_length=7, strip=False, **kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "").removeprefix("#")
        if text and not HEX_COLOUR.fullmatch(text):
            raise forms.ValidationError(
                _("Give a colour as six hexadecimal digits, for example ffd400.")
            )
        return text.lower()


class WidgetStyleForm(forms.Form):
    """The widget address's parameters: language, colours and size. All optional."""

    lang = forms.ChoiceField(label=_("Language"), choices=_languages, required=False)
    bg = ColourField(label=_("Background colour"), required=False)
    fg = ColourField(label=_("Text colour"), required=False)
    accent = ColourField(label=_("Bar colour"), required=False)
    size = forms.ChoiceField(
        label=_("Size"),
        required=False,
        choices=[("s", _("Small")), ("m", _("Medium")), ("l", _("Large"))],
    )

    def style(self) -> dict[str, str]:
        data = self.cleaned_data
        return {key: data.get(key) or default for key, default in WIDGET_DEFAULTS.items()}


class WidgetSnippetForm(WidgetStyleForm):
    """The staff page that writes the snippet: which count, and how it looks."""

    campaign = IdChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())
    case = IdChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("The whole campaign"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaigns = Campaign.objects.exclude(status=Campaign.Status.DRAFT)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
        self.fields["case"].queryset = Case.objects.filter(  # type: ignore[attr-defined]
            campaign__in=campaigns, status=Case.Status.PUBLISHED
        ).select_related("campaign")
        self.fields["case"].label_from_instance = (  # type: ignore[attr-defined]
            lambda case: f"{case.name} ({case.campaign.name})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        case, campaign = data.get("case"), data.get("campaign")
        if case is not None and campaign is not None and case.campaign_id != campaign.pk:
            self.add_error("case", _("This case belongs to another campaign."))
        return data


class UpdateForm(forms.Form):
    """An update's audience and its subject and text in each language."""

    audience = forms.ChoiceField(label=_("Who hears"), choices=Update.Audience.choices)
    campaign = IdChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())
    case = IdChoiceField(label=_("Case"), queryset=Case.objects.none(), required=False)
    section = IdChoiceField(label=_("Section"), queryset=Section.objects.none(), required=False)
    fallback_language = forms.ChoiceField(
        label=_("Fallback language"),
        choices=_languages,
        help_text=_("Supporters whose language has no text get this one."),
    )

    def __init__(self, *args: Any, sections: QuerySet[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.all()  # type: ignore[attr-defined]
        self.fields["case"].queryset = Case.objects.select_related(  # type: ignore[attr-defined]
            "campaign"
        )
        self.fields["section"].queryset = sections  # type: ignore[attr-defined]
        for code, name in _languages():
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=150,
                required=False,
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                max_length=10_000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
            )

    def language_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(name), self[f"subject_{code}"], self[f"body_{code}"])
            for code, name in _languages()
        ]

    def texts(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            code: (data.get(f"subject_{code}", ""), data.get(f"body_{code}", ""))
            for code, _name in _languages()
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        audience, campaign, case = data.get("audience"), data.get("campaign"), data.get("case")
        if audience == Update.Audience.CASE:
            if case is None:
                self.add_error("case", _("Choose the case whose supporters hear."))
            elif campaign is not None and case.campaign_id != campaign.pk:
                self.add_error("case", _("This case belongs to another campaign."))
        if audience == Update.Audience.SECTION and data.get("section") is None:
            self.add_error("section", _("Choose the section whose supporters hear."))
        written = []
        for code, _name in _languages():
            subject = (data.get(f"subject_{code}") or "").strip()
            body = (data.get(f"body_{code}") or "").strip()
            if bool(subject) != bool(body):
                self.add_error(
                    f"body_{code}" if subject else f"subject_{code}",
                    _("Give both a subject and a text in this language, or neither."),
                )
            elif subject:
                written.append(code)
        if not written:
            raise forms.ValidationError(_("Write the update in at least one language."))
        if data.get("fallback_language") not in written:
            self.add_error(
                "fallback_language", _("The fallback language needs a subject and a text.")
            )
        return data
