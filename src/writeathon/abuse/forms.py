"""A honeypot and a signed "shown at" time for public forms; the staff form for access rules."""

from __future__ import annotations

import ipaddress
import secrets
import time
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import DomainNameValidator, validate_email
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from writeathon.abuse.models import AccessRule
from writeathon.abuse.services import form_stamp_spend
from writeathon.supporters.services import email_canonical, email_domain_canonical

_SHOWN_SALT = "writeathon.abuse.form-shown"
_NONCE_BYTES = 12
_SUBMISSION_SALT = "writeathon.abuse.form-submission"
HONEYPOT_FIELD = "website"
SHOWN_FIELD = "shown"
GUARD_FIELDS = (HONEYPOT_FIELD, SHOWN_FIELD)


class FormTokenInvalid(Exception):
    """A "shown at" token that is missing or was not made by this site."""


def form_token_make(*, shown_at: float | None = None) -> str:
    """The signed time a form was shown (now, unless `shown_at` says otherwise), with a
    random nonce that makes each showing's stamp good for one accepted submission."""
    moment = time.time() if shown_at is None else shown_at
    nonce = secrets.token_urlsafe(_NONCE_BYTES)
    return signing.Signer(salt=_SHOWN_SALT).sign(f"{int(moment * 1000)}.{nonce}")


def form_token_read(token: str) -> tuple[float, str]:
    """Seconds since the form carrying `token` was shown (negative if in the future), and
    the stamp's nonce."""
    if not token or len(token) > 200:
        raise FormTokenInvalid
    try:
        value = signing.Signer(salt=_SHOWN_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise FormTokenInvalid from exc
    milliseconds, _, nonce = value.partition(".")
    if not milliseconds.isascii() or not milliseconds.isdigit() or not nonce:
        raise FormTokenInvalid
    return time.time() - int(milliseconds) / 1000, nonce


def form_token_age(token: str) -> float:
    """Seconds since the form carrying `token` was shown (negative if in the future)."""
    return form_token_read(token)[0]


class HoneypotInput(forms.TextInput):
    """Hidden from people (the template hides its wrapper), filled in by many bots."""

    def __init__(self) -> None:
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1"})

    def format_value(self, value: Any) -> None:
        return None  # never shown again, so that a person's browser cannot keep refilling it


class ShownAtInput(forms.HiddenInput):
    """Each time the form is shown, with or without what was typed, it carries a new time."""

    def format_value(self, value: Any) -> str:
        return form_token_make()


class GuardedForm(forms.Form):
    """A public form that refuses what a bot would send: a filled honeypot, no or a forged
    "shown at" time, or a form sent faster than a person could (FORM_MIN_SECONDS).

    A form sent too fast or left open too long (FORM_MAX_AGE_SECONDS) is shown again, with
    what was typed, asking to send it again; the new time lets the next try through.
    A stamp is good for one accepted form: sent again with anything else (a bot replaying
    it; a person who went Back and changed the form), the form is shown again with a fresh
    stamp. The very same form again (a double click) passes, and is answered as the
    duplicate it is. Stamps are not tied to the client's address, so a school room behind
    one address is not held back.
    After `is_valid()`, `guard_refusal` names the reason a form was refused, if any.
    """

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, strip=False, widget=HoneypotInput()
    )
    shown = forms.CharField(required=False, widget=ShownAtInput())

    guard_refusal = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.guard_refusal = self._guard_problem(cleaned)
        if self.guard_refusal == "too_fast":
            message = _(
                "This form was sent within seconds of the page opening. Please check it "
                "and send it again."
            )
        elif self.guard_refusal == "expired":
            message = _(
                "This page was open for a long time. Please check the form and send it again."
            )
        elif self.guard_refusal == "reused":
            message = _(
                "This form was sent already. To send it once more, check it and send it again."
            )
        elif self.guard_refusal:
            message = _("We could not accept this form as it was sent. Please send it again.")
        else:
            return cleaned
        self.add_error(None, forms.ValidationError(message, code=self.guard_refusal))
        return cleaned

    def _other_errors(self) -> bool:
        """Whether a part validated apart from this form (a form made of several) has errors."""
        return False

    def _submitted_extra(self) -> dict[str, Any]:
        """What such a part sent, for the one accepted submission of the stamp."""
        return {}

    def _guard_problem(self, cleaned: dict[str, Any]) -> str:
        if cleaned.get(HONEYPOT_FIELD):
            return "honeypot"
        try:
            age, nonce = form_token_read(str(cleaned.get(SHOWN_FIELD) or ""))
        except FormTokenInvalid:
            return "forged"
        if age < settings.FORM_MIN_SECONDS:
            return "too_fast"
        if age > settings.FORM_MAX_AGE_SECONDS:
            return "expired"
        if self.errors or self._other_errors():
            return ""  # shown again anyway, with a fresh stamp: nothing to spend
        # Remembered a minute past the time it would be too old anyway (clocks disagree).
        expires_at = time.time() - age + settings.FORM_MAX_AGE_SECONDS + 60
        if not form_stamp_spend(
            nonce=nonce,
            submission=_submission_hash({**cleaned, **self._submitted_extra()}),
            expires_at=expires_at,
        ):
            return "reused"
        return ""


def _submission_hash(cleaned: dict[str, Any]) -> str:
    """What a form sent, as a keyed hash: the same stamp may come back only with it."""
    fields = sorted(
        (name, str(value)) for name, value in cleaned.items() if name not in GUARD_FIELDS
    )
    return salted_hmac(_SUBMISSION_SALT, repr(fields), algorithm="sha256").hexdigest()


# --- Staff: block and allow lists ------------------------------------------------------------

_EXPIRY_CHOICES = [
    ("", _("Never")),
    ("1h", _("In an hour")),
    ("1d", _("In a day")),
    ("7d", _("In a week")),
    ("30d", _("In 30 days")),
]
_EXPIRY = {
    "1h": timedelta(hours=1),
    "1d": timedelta(days=1),
    "7d": timedelta(days=7),
    "30d": timedelta(days=30),
}
# Larger networks would block or exempt whole regions: surely a typing mistake.
_NETWORK_MIN_PREFIX = {4: 8, 6: 16}


def access_rule_value_clean(kind: str, value: str) -> str:
    """`value` in the form rules store and compare, or ValidationError."""
    value = value.strip()
    if kind == AccessRule.Kind.IP:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            raise forms.ValidationError(_("Enter an IP address."), code="invalid") from None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(address)
    if kind == AccessRule.Kind.NETWORK:
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a network such as 192.0.2.0/24."), code="invalid"
            ) from None
        if network.prefixlen < _NETWORK_MIN_PREFIX[network.version]:
            raise forms.ValidationError(
                _("This network is too large. The largest allowed is /%(prefix)s.")
                % {"prefix": _NETWORK_MIN_PREFIX[network.version]},
                code="too_large",
            )
        return str(network)
    if kind == AccessRule.Kind.EMAIL_DOMAIN:
        domain = value.lstrip("@").rstrip(".").lower()
        try:
            DomainNameValidator()(domain)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Enter an email domain such as example.org."), code="invalid"
            ) from None
        return email_domain_canonical(domain)
    try:
        validate_email(value)
    except forms.ValidationError:
        raise forms.ValidationError(_("Enter an email address."), code="invalid") from None
    return email_canonical(value)


class AccessRuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=AccessRule.Kind.choices)
    value = forms.CharField(
        label=_("Value"),
        max_length=254,
        help_text=_("An IP address, a network (192.0.2.0/24), a domain or an email address."),
    )
    action = forms.ChoiceField(label=_("Rule"), choices=AccessRule.Action.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    expires = forms.ChoiceField(label=_("Ends"), choices=_EXPIRY_CHOICES, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if kind and value:
            try:
                cleaned["value"] = access_rule_value_clean(kind, value)
            except forms.ValidationError as error:
                self.add_error("value", error)
                return cleaned
            if AccessRule.objects.filter(kind=kind, value=cleaned["value"]).exists():
                self.add_error(
                    "value",
                    forms.ValidationError(
                        _("There is a rule for %(value)s already. Remove it first.")
                        % {"value": cleaned["value"]},
                        code="duplicate",
                    ),
                )
        return cleaned

    def expires_at(self) -> datetime | None:
        period = _EXPIRY.get(self.cleaned_data.get("expires") or "")
        return timezone.now() + period if period is not None else None


class AccessRuleRemoveForm(forms.Form):
    rule = forms.ModelChoiceField(queryset=AccessRule.objects.all())
