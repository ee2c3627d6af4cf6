"""Partners, their API tokens and webhook endpoints, for staff. A token's text and an
endpoint's signing secret are shown once, on the page after they are made."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from writeathon.delivery.models import Delivery
from writeathon.delivery.partner_events import partner_event_emit
from writeathon.partners.models import (
    ApiCall,
    ApiToken,
    Partner,
    Scope,
    WebhookEndpoint,
    WebhookEvent,
)
from writeathon.partners.services import (
    api_token_create,
    api_token_revoke,
    webhook_endpoint_create,
    webhook_endpoint_update,
)
from writeathon.sections.access import SectionScopedAdmin


@admin.register(Partner)
class PartnerAdmin(SectionScopedAdmin[Partner]):
    list_display = ["name", "section", "is_active", "contact_email"]
    list_filter = ["is_active", "section"]
    search_fields = ["name"]


class ApiTokenForm(forms.ModelForm[ApiToken]):
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ["partner", "name", "scopes", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(SectionScopedAdmin[ApiToken]):
    section_path = "partner__section"
    form = ApiTokenForm
    list_display = [
        "name",
        "partner",
        "prefix",
        "scopes",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["partner"]
    list_select_related = ["partner"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["prefix"]
        # A token is never edited: revoke it and make a new one.
        return [
            "partner",
            "name",
            "prefix",
            "scopes",
            "expires_at",
            "revoked_at",
            "revoked_by",
            "created_by",
            "last_used_at",
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["partner", "name", "scopes", "expires_at"]
        return self.get_readonly_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        token, plain = api_token_create(
            partner=form.cleaned_data["partner"],
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.cleaned_data["expires_at"],
            created_by=request.user,
        )
        obj.pk = token.pk
        request._token_plain = plain  # type: ignore[attr-defined]  # shown once, below

    def response_add(
        self, request: HttpRequest, obj: ApiToken, post_url_continue: Any = None
    ) -> HttpResponse:
        plain = getattr(request, "_token_plain", "")
        return TemplateResponse(
            request,
            "partners/shown_once.html",
            {
                **self.admin_site.each_context(request),
                "title": _("API token made"),
                "what": _("token"),
                "secret": plain,
                "object": ApiToken.objects.get(pk=obj.pk),
                "back": "../",
            },
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = sum(api_token_revoke(token_id=t.pk, revoked_by=request.user) for t in queryset)
        self.message_user(
            request,
            ngettext("%(n)d token revoked.", "%(n)d tokens revoked.", revoked) % {"n": revoked},
            messages.SUCCESS,
        )


@admin.register(ApiCall)
class ApiCallAdmin(SectionScopedAdmin[ApiCall]):
    section_path = "token__partner__section"
    list_display = ["at", "token", "method", "path", "status", "milliseconds"]
    list_filter = ["status", "method"]
    list_select_related = ["token__partner"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WebhookEndpointForm(forms.ModelForm[WebhookEndpoint]):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(v, label) for v, label in WebhookEvent.choices if v != WebhookEvent.PING],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["partner", "url", "events", "is_active"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(SectionScopedAdmin[WebhookEndpoint]):
    section_path = "partner__section"
    form = WebhookEndpointForm
    list_display = ["url", "partner", "events", "is_active"]
    list_select_related = ["partner"]
    readonly_fields = ["delivery_log"]
    actions = ["send_test_event"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["partner", "url", "events", "is_active"]
        return fields if obj is None else [*fields, "delivery_log"]

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            webhook_endpoint_update(
                endpoint_id=obj.pk,
                url=data["url"],
                events=data["events"],
                is_active=data["is_active"],
            )
            return
        endpoint, secret = webhook_endpoint_create(
            partner=data["partner"], url=data["url"], events=data["events"]
        )
        obj.pk = endpoint.pk
        request._endpoint_secret = secret  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: WebhookEndpoint, post_url_continue: Any = None
    ) -> HttpResponse:
        return TemplateResponse(
            request,
            "partners/shown_once.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Webhook endpoint made"),
                "what": _("signing secret"),
                "secret": getattr(request, "_endpoint_secret", ""),
                "object": WebhookEndpoint.objects.get(pk=obj.pk),
                "back": "../",
            },
        )

    @admin.display(description=_("Last events sent"))
    def delivery_log(self, obj: WebhookEndpoint) -> str:
        rows = (
            Delivery.objects.filter(kind=Delivery.Kind.WEBHOOK, payload__endpoint_id=obj.pk)
            .order_by("-created_at", "-pk")
            .values_list("created_at", "payload__type", "status", "attempts", "last_error")[:25]
        )
        return format_html_join(
            "",
            "<div>{} · {} · {} · {} · {}</div>",
            (
                (f"{at:%Y-%m-%d %H:%M}", kind, status, attempts, error or "")
                for at, kind, status, attempts, error in rows
            ),
        ) or str(_("Nothing sent yet."))

    @admin.action(description=_("Send a test event"))
    def send_test_event(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        sent = 0
        for endpoint in queryset:
            sent += partner_event_emit(
                event=WebhookEvent.PING,
                object_key=f"ping:{uuid.uuid4()}",
                data={"message": "A test event sent by campaign staff."},
                section_id=endpoint.partner.section_id,
                endpoint_id=endpoint.pk,
            )
        self.message_user(
            request,
            ngettext("%(n)d test event queued.", "%(n)d test events queued.", sent) % {"n": sent},
            messages.SUCCESS,
        )
