"""A second factor for staff: a six-digit code from an authenticator app (TOTP, django-otp).

With ``STAFF_REQUIRE_2FA`` on, a signed-in staff account opens the admin and the /staff/ pages
only once this session has been verified with its TOTP device. A password alone never sets up
a device: an account without one needs a one-time enrolment link, which a superuser sends by
email from the admin (or the command line prints, for the very first superuser). The email
is an outbox row like every other; its token is made when the worker writes it. The link
works once, for a limited time, and only for the account it was made for while it is signed
in; only a hash of its token is stored. Signing in and out stays reachable, so no one is shut
out of the way back.

A staff member who loses their phone asks an administrator for a new enrolment link: the
device set up with it replaces the old one.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import math
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from writeathon.core.models import SecondFactorEnrolment
from writeathon.core.staff import Viewer

logger = logging.getLogger("writeathon.security")

# Pages outside these prefixes are public (or the sign-in itself).
STAFF_PREFIXES = ("/admin/", "/staff/")
DEVICE_NAME = "Authenticator app"
# Longer strings are no token of ours: refused before hashing.
TOKEN_MAX_LENGTH = 100


def is_verified(user: Viewer) -> bool:
    """Whether this session proved the user's second factor (set by django-otp's middleware)."""
    return getattr(user, "otp_device", None) is not None


class StaffSecondFactorMiddleware:
    """Sends staff without a verified second factor to the page that verifies or enrols it.

    Must come after django-otp's ``OTPMiddleware``, which tells whether the session is verified.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self._needs_second_factor(request):
            return redirect_to_login(request.get_full_path(), reverse("staff-two-factor"))
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        if not getattr(settings, "STAFF_REQUIRE_2FA", False):
            return False
        path = request.path_info
        if not path.startswith(STAFF_PREFIXES):
            return False
        if path in {reverse("admin:login"), reverse("admin:logout"), reverse("staff-two-factor")}:
            return False
        if path.startswith(reverse("staff-two-factor") + "enrol/"):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        return not is_verified(user)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        help_text=gettext_lazy("Six digits. It changes every 30 seconds."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": "8"}
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("Enter the six digits shown in your authenticator app."))
        return code


def staff_totp_device(user: User) -> TOTPDevice | None:
    """The staff member's confirmed TOTP device, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device for enrolment: the same one (and key) until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> None:
    """Make an enrolled device the account's only second factor: any other is removed."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    logger.info("Staff account %s enrolled a TOTP device.", device.user_id)


def _token_hash(token: str) -> str:
    # The token is 256 random bits: a plain hash is enough, no salt or slow hashing needed.
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def second_factor_enrolment_prepare(
    *, user: User, issued_by: User | None = None
) -> SecondFactorEnrolment:
    """A new enrolment link for `user`, without its token yet: the email that carries it
    makes the token when it is written (second_factor_enrolment_token_make).

    Links sent to `user` before and not used yet stop working: only the newest one opens.
    """
    now = timezone.now()
    SecondFactorEnrolment.objects.filter(
        user=user, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    enrolment = SecondFactorEnrolment.objects.create(
        user=user,
        token_hash=None,
        issued_by=issued_by,
        expires_at=now + timedelta(hours=settings.STAFF_ENROLMENT_LINK_HOURS),
    )
    logger.info(
        "Enrolment link %s issued for staff account %s by %s.",
        enrolment.pk,
        user.pk,
        getattr(issued_by, "pk", "the command line"),
    )
    return enrolment


@transaction.atomic
def second_factor_enrolment_token_make(
    *, enrolment_id: int
) -> tuple[SecondFactorEnrolment, str] | None:
    """A fresh token for a link that is still open, and the link's time starts again.

    Only the token's hash is kept, and the newest token replaces any made before: when the
    email that carries it is tried again (its first try failed, or its fate is unknown), the
    link in the email that goes last is the one that opens, and an earlier one found later
    opens nothing. None when the link was used, replaced or withdrawn since.
    """
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    updated = SecondFactorEnrolment.objects.filter(
        pk=enrolment_id, used_at__isnull=True, expires_at__gt=now
    ).update(
        token_hash=_token_hash(token),
        expires_at=now + timedelta(hours=settings.STAFF_ENROLMENT_LINK_HOURS),
    )
    if not updated:
        return None
    enrolment = SecondFactorEnrolment.objects.select_related("user").get(pk=enrolment_id)
    logger.info("Enrolment link %s given a new token.", enrolment.pk)
    return enrolment, token


def second_factor_enrolment_issue(
    *, user: User, issued_by: User | None = None
) -> tuple[SecondFactorEnrolment, str]:
    """A new enrolment link for `user` with its token now, to be shown once (the command
    line prints it); the token is stored nowhere."""
    with transaction.atomic():
        enrolment = second_factor_enrolment_prepare(user=user, issued_by=issued_by)
        made = second_factor_enrolment_token_make(enrolment_id=enrolment.pk)
    if made is None:  # pragma: no cover - the link was made open just above
        raise RuntimeError("A new enrolment link was closed before it was given")
    return made


@transaction.atomic
def second_factor_enrolment_withdraw(*, enrolment: SecondFactorEnrolment) -> None:
    """End a link before its time (its email could not be sent): it opens nothing any more."""
    SecondFactorEnrolment.objects.filter(pk=enrolment.pk, used_at__isnull=True).update(
        expires_at=timezone.now()
    )
    logger.info("Enrolment link %s withdrawn.", enrolment.pk)


def second_factor_enrolment_url(*, token: str, base_url: str) -> str:
    """The absolute address of the enrolment link with `token`."""
    return base_url.rstrip("/") + reverse("staff-two-factor-enrol", kwargs={"token": token})


def second_factor_enrolment_find(*, user: Viewer, token: str) -> SecondFactorEnrolment | None:
    """The link with `token` if `user` may still use it: theirs, unused and unexpired."""
    if not token or len(token) > TOKEN_MAX_LENGTH or not getattr(user, "pk", None):
        return None
    return SecondFactorEnrolment.objects.filter(
        token_hash=_token_hash(token),
        user_id=user.pk,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


@transaction.atomic
def second_factor_enrolment_complete(
    *, enrolment: SecondFactorEnrolment, device: TOTPDevice
) -> bool:
    """Spend the link and make `device` the account's second factor.

    False, and nothing changes, when the link was spent (in another browser) or expired
    since it was opened: one conditional update decides, so a link enrols one device only.
    """
    now = timezone.now()
    spent = SecondFactorEnrolment.objects.filter(
        pk=enrolment.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not spent:
        return False
    totp_device_confirm(device=device)
    return True


def second_factor_enrolment_email(
    *, enrolment: SecondFactorEnrolment, token: str, base_url: str, message_id: str
) -> EmailMessage:
    """The email that brings the staff member their enrolment link with `token`."""
    user = enrolment.user
    context = {
        "username": user.get_username(),
        "link": second_factor_enrolment_url(token=token, base_url=base_url),
        "hours": settings.STAFF_ENROLMENT_LINK_HOURS,
    }
    subject = " ".join(
        render_to_string("emails/second_factor_enrolment_subject.txt", context).split()
    )
    body = render_to_string("emails/second_factor_enrolment.txt", context)
    return EmailMessage(
        subject=subject, body=body, to=[user.email], headers={"Message-ID": message_id}
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() would take anything else without a slash or a
    # dot for the name of a URL pattern, and fail (NoReverseMatch) on it.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _throttled_message(details: dict[str, Any] | None) -> str:
    """Wrong codes make the next try wait longer each time (django-otp doubles the wait)."""
    locked_until = (details or {}).get("locked_until")
    seconds = 1
    if locked_until is not None:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Please wait %(seconds)s second before trying another code.",
        "Please wait %(seconds)s seconds before trying another code.",
        seconds,
    ) % {"seconds": seconds}


def _qr_data_uri(uri: str) -> str:
    return str(segno.make(uri, error="m").svg_data_uri(scale=4, light="#fff"))


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _verify_with(form: CodeForm, device: TOTPDevice) -> bool:
    """Whether the form's code is right for `device`; puts the reason on the form if not."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        form.add_error("code", _throttled_message(details))
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error(
        "code",
        _("That code is not right. Check that the time on your phone is correct, then try again."),
    )
    return False


def _verified(request: HttpRequest, device: TOTPDevice, next_url: str) -> HttpResponse:
    request.session.cycle_key()
    otp_login(request, device)
    logger.info("Staff account %s verified its second factor.", request.user.pk)
    return redirect(next_url)


def _signed_in(request: HttpRequest) -> User:
    """The signed-in account of a staff page (staff_member_required let no one else in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@never_cache
@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify this session with a code; without a device, say how to get an enrolment link."""
    next_url = _next_url(request)
    if is_verified(request.user):
        return redirect(next_url)
    device = staff_totp_device(_signed_in(request))
    if device is None:
        # A password alone sets up nothing: that needs a link from an administrator.
        return render(request, "core/two_factor_ask.html", status=403)

    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and _verify_with(form, device):
        return _verified(request, device, next_url)
    context: dict[str, Any] = {"form": form, "enrolling": False, "next": next_url}
    status = 400 if form.is_bound else 200
    return render(request, "core/two_factor.html", context, status=status)


@never_cache
@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """Set up an authenticator with a one-time link, signed in as the account it was sent to."""
    next_url = _next_url(request)
    enrolment = second_factor_enrolment_find(user=request.user, token=token)
    if enrolment is None:
        # The same answer for a link that never was, is spent, expired or someone else's.
        return render(request, "core/two_factor_link_invalid.html", status=404)
    device = totp_device_start(user=_signed_in(request))

    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and _verify_with(form, device):
        if not second_factor_enrolment_complete(enrolment=enrolment, device=device):
            return render(request, "core/two_factor_link_invalid.html", status=404)
        return _verified(request, device, next_url)

    uri = device.config_url
    context: dict[str, Any] = {
        "form": form,
        "enrolling": True,
        "next": next_url,
        "otpauth_uri": uri,
        "qr_data_uri": _qr_data_uri(uri),
        "setup_key": _grouped(base64.b32encode(device.bin_key).decode("ascii")),
    }
    status = 400 if form.is_bound else 200
    return render(request, "core/two_factor.html", context, status=status)
