"""What staff send to the outbox pages, checked before anything is read or changed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from writeathon.campaigns.models import Case, Target
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery, PrintRun

# The largest id a database column holds: a bigger number is refused before any query.
_MAX_ID = 2**63 - 1


def _check_id(value: Any, error: forms.ValidationError) -> None:
    text = str(value).strip()
    # The length first: int() refuses strings of more than 4,300 digits with a ValueError.
    if not (len(text) <= 19 and text.isascii() and text.isdigit() and 0 < int(text) <= _MAX_ID):
        raise error


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A row chosen by its id; anything but a plausible id is invalid, never a query."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            _check_id(
                value,
                forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice"),
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Rows chosen by their ids, checked like IdChoiceField's."""

    def clean(self, value: Any) -> Any:
        for item in value or []:
            _check_id(
                item,
                forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                ),
            )
        return super().clean(value)


class CaseChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.campaign.name})"


class TargetChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}, {obj.title} ({obj.case.name})"


def _cases() -> Any:
    return Case.objects.select_related("campaign").order_by("campaign__name", "position", "pk")


def _targets() -> Any:
    return Target.objects.select_related("case").order_by("case__name", "position", "pk")


_ANY = [("", _("Any"))]


class OutboxFilterForm(forms.Form):
    """The outbox's filters (GET). A value the list does not know is an error, not ignored."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=_ANY + list(Channel.choices), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=_ANY + list(Delivery.Status.choices), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=_ANY + list(Delivery.Kind.choices), required=False
    )
    case = CaseChoiceField(label=_("Case"), queryset=_cases(), required=False, empty_label=_("Any"))
    target = TargetChoiceField(
        label=_("Official"), queryset=_targets(), required=False, empty_label=_("Any")
    )


class DeliverySelectionForm(forms.Form):
    """Deliveries picked on a page: ticked boxes, or the one row whose button was pressed."""

    selected = IdMultipleChoiceField(queryset=Delivery.objects.all(), required=False)
    one = IdChoiceField(queryset=Delivery.objects.all(), required=False)

    def chosen_ids(self) -> list[int]:
        one = self.cleaned_data.get("one")
        if one is not None:
            return [one.pk]
        return [delivery.pk for delivery in self.cleaned_data.get("selected") or []]


class PrintRunCreateForm(forms.Form):
    case = IdChoiceField(queryset=Case.objects.select_related("campaign"))
    kind = forms.ChoiceField(choices=PrintRun.Kind.choices)
    target = IdChoiceField(queryset=Target.objects.all(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        case, kind, target = data.get("case"), data.get("kind"), data.get("target")
        if case is None:
            return data
        if kind == PrintRun.Kind.LETTERS and (target is None or target.case_id != case.pk):
            raise forms.ValidationError(_("Letters go to an official of the case."))
        if kind == PrintRun.Kind.CARDS and target is not None:
            raise forms.ValidationError(_("Cards go to the person, not to an official."))
        return data


class PrintRunPostedForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have put every letter or card of this print run in the post."),
        error_messages={"required": _("Tick the box to say that the print run was posted.")},
    )


class _OfficialChoiceField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}, {obj.title}"


def _not_in_the_future(day: datetime.date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(_("This day is still to come."), code="future")


class HandInCreateForm(forms.Form):
    """Which official a case's petition goes to, and the last day of signatures it carries."""

    target = _OfficialChoiceField(
        label=_("Official"), queryset=Target.objects.none(), empty_label=None
    )
    up_to = forms.DateField(
        label=_("Signatures up to and including"),
        required=False,
        help_text=_("Leave empty for every signature until now."),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[_not_in_the_future],
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = Target.objects.filter(case=case).order_by("position", "pk")
        self.fields["target"].queryset = targets  # type: ignore[attr-defined]


class HandInDoneForm(forms.Form):
    handed_in_on = forms.DateField(
        label=_("Handed in on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[_not_in_the_future],
    )
