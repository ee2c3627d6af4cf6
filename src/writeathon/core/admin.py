from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from writeathon.core.models import PeriodicJob, SecondFactorEnrolment
from writeathon.usecases.staff_access import second_factor_enrolment_send


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin[PeriodicJob]):
    """When each periodic job last ran, how long it took and how it failed: read only."""

    list_display = ["name", "last_run_at", "last_duration_ms", "last_error"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SecondFactorEnrolmentForm(forms.ModelForm[SecondFactorEnrolment]):
    class Meta:
        model = SecondFactorEnrolment
        fields = ["user"]

    def clean_user(self) -> Any:
        user = self.cleaned_data["user"]
        if not user.email:
            raise forms.ValidationError(
                _(
                    "%(user)s has no email address: add one to the account first, or print a "
                    "link on the server with “writeathon manage second_factor_link %(user)s”."
                ),
                params={"user": user.get_username()},
            )
        return user


@admin.register(SecondFactorEnrolment)
class SecondFactorEnrolmentAdmin(admin.ModelAdmin[SecondFactorEnrolment]):
    """Superusers send a staff member a one-time link to set up their authenticator app.

    The link goes to the staff member's own email address and is never shown here: the
    person who sends it does not hold it, and the database keeps only its hash.
    """

    form = SecondFactorEnrolmentForm
    list_display = ["user", "issued_by", "issued_at", "expires_at", "used_at"]
    list_select_related = ["user", "issued_by"]
    search_fields = ["user__username"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @staticmethod
    def _superuser(request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: SecondFactorEnrolment, form: Any, change: bool
    ) -> None:
        issuer = request.user if isinstance(request.user, User) else None
        enrolment = second_factor_enrolment_send(
            user=obj.user,
            issued_by=issuer,
            base_url=settings.SITE_URL or request.build_absolute_uri("/"),
        )
        obj.pk = enrolment.pk

    def response_add(
        self, request: HttpRequest, obj: SecondFactorEnrolment, post_url_continue: Any = None
    ) -> HttpResponse:
        self.message_user(
            request,
            _(
                "An enrolment link is on its way to %(email)s (see the outbox if it does not "
                "arrive). It works once, within %(hours)s hours of being sent."
            )
            % {"email": obj.user.email, "hours": settings.STAFF_ENROLMENT_LINK_HOURS},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:core_secondfactorenrolment_changelist"))
