"""What moderators send to the queue, checked before anything is read or changed."""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel
from writeathon.delivery.forms import CaseChoiceField, DeliverySelectionForm
from writeathon.moderation.screening import ReasonCode, reason_label

_ANY = [("", _("Any"))]
# Channels whose messages can be held: letters to officials and messages of solidarity.
MODERATED_CHANNELS = (Channel.EMAIL, Channel.FAX, Channel.LETTER, Channel.SOLIDARITY)


def _reason_choices() -> list[tuple[str, str]]:
    return [("", str(_("Any"))), *((code.value, reason_label(code)) for code in ReasonCode)]


def _language_choices() -> list[tuple[str, str]]:
    return [("", str(_("Any"))), *((code, str(name)) for code, name in settings.LANGUAGES)]


class QueueFilterForm(forms.Form):
    """The queue's filters (GET). A value the list does not know is an error, not ignored."""

    case = CaseChoiceField(
        label=_("Case"),
        queryset=Case.objects.select_related("campaign").order_by(
            "campaign__name", "position", "pk"
        ),
        required=False,
        empty_label=_("Any"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=_ANY + [(c.value, c.label) for c in MODERATED_CHANNELS],
        required=False,
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=_reason_choices, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=_language_choices, required=False)


class DecisionForm(DeliverySelectionForm):
    """Pass on or reject the messages ticked (or the one whose button was pressed)."""

    decision = forms.ChoiceField(choices=[("approve", _("Pass on")), ("reject", _("Reject"))])
    note = forms.CharField(
        label=_("Note (optional, for the team)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_note(self) -> str:
        note = str(self.cleaned_data.get("note") or "").strip()
        if any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in note):
            raise forms.ValidationError(
                _("Please remove the invisible control characters from this text."),
                code="control_characters",
            )
        return note
