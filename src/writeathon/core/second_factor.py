"""A second factor for staff: a six-digit code from an authenticator app (TOTP, django-otp).

With ``STAFF_REQUIRE_2FA`` on, a signed-in staff account opens the admin and the /staff/ pages
only once this session has been verified with its TOTP device. An account without a device
enrols on the same page: it scans the QR code (or types the key), then proves it with a code.
Signing in and out stays reachable, so no one is shut out of the way back.

A staff member who loses their phone asks an administrator to delete their device in the
admin (OTP_TOTP > TOTP devices); they enrol again at their next sign-in.
"""

from __future__ import annotations

import base64
import logging
import math
import re
from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger("writeathon.security")

# Pages outside these prefixes are public (or the sign-in itself).
STAFF_PREFIXES = ("/admin/", "/staff/")
DEVICE_NAME = "Authenticator app"


def is_verified(user: Any) -> bool:
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


def staff_totp_device(user: Any) -> TOTPDevice | None:
    """The staff member's confirmed TOTP device, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def totp_device_start(*, user: Any) -> TOTPDevice:
    """An unconfirmed device for enrolment: the same one (and key) until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice) -> None:
    """Make an enrolled device the account's second factor; drop other unconfirmed ones."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).exclude(pk=device.pk).delete()
    logger.info("Staff account %s enrolled a TOTP device.", device.user_id)


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


@never_cache
@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify this session with a code, or enrol a device first when there is none."""
    next_url = _next_url(request)
    if is_verified(request.user):
        return redirect(next_url)
    device = staff_totp_device(request.user)
    enrolling = device is None
    if device is None:
        device = totp_device_start(user=request.user)

    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        allowed, details = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _throttled_message(details))
        elif device.verify_token(form.cleaned_data["code"]):
            if enrolling:
                totp_device_confirm(device=device)
            request.session.cycle_key()
            otp_login(request, device)
            logger.info("Staff account %s verified its second factor.", request.user.pk)
            return redirect(next_url)
        else:
            form.add_error(
                "code",
                _(
                    "That code is not right. Check that the time on your phone is correct, "
                    "then try again."
                ),
            )

    context: dict[str, Any] = {"form": form, "enrolling": enrolling, "next": next_url}
    if enrolling:
        uri = device.config_url
        context["otpauth_uri"] = uri
        context["qr_data_uri"] = _qr_data_uri(uri)
        context["setup_key"] = _grouped(base64.b32encode(device.bin_key).decode("ascii"))
    status = 400 if form.is_bound else 200
    return render(request, "core/two_factor.html", context, status=status)
