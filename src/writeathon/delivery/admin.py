"""The outbox in the admin: to look things up. Staff change nothing here but by "Try again"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from writeathon.core.personal_data import PersonalDataAdmin
from writeathon.core.staff import isolated
from writeathon.delivery.models import Delivery, DeliveryAttempt, HandIn, PrintRun
from writeathon.delivery.selectors import DELIVERY_SECTION_PATH
from writeathon.delivery.services import deliveries_retry
from writeathon.sections.access import SectionScopedAdmin


class ReadOnlyAdminMixin:
    """Rows written by the outbox alone: shown, never added, edited or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeliveryAttemptInline(ReadOnlyAdminMixin, admin.TabularInline[DeliveryAttempt, Delivery]):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = readonly_fields = ("number", "started_at", "finished_at", "worker", "outcome", "error")
    ordering = ["number", "pk"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, SectionScopedAdmin[Delivery], PersonalDataAdmin[Delivery]):
    section_path = DELIVERY_SECTION_PATH

    list_display = [
        "pk",
        "kind",
        "channel",
        "recipient_isolated",
        "case",
        "status",
        "attempts",
        "next_try_at",
        "delivered_at",
    ]
    list_filter = ["channel", "status", "kind"]
    search_fields = ["recipient", "idempotency_key"]
    list_select_related = ["case"]
    date_hierarchy = "created_at"
    inlines = [DeliveryAttemptInline]
    actions = ["try_again"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["staff_page", *(field.name for field in Delivery._meta.fields)]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The list's "Try again" needs the change permission; a delivery's own page is
        # read-only for everyone.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    @admin.display(
        description=Delivery._meta.get_field("recipient").verbose_name, ordering="recipient"
    )
    def recipient_isolated(self, obj: Delivery) -> str:
        return isolated(obj.recipient)

    @admin.display(description=_("staff page"))
    def staff_page(self, obj: Delivery) -> str:
        url = reverse("outbox:detail", kwargs={"delivery_id": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Open in the staff outbox"))

    @admin.action(description=_("Try the selected deliveries again"), permissions=["change"])
    def try_again(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        if request.user.pk is None:  # the admin lets no anonymous user through
            raise PermissionDenied
        ids = list(queryset.values_list("pk", flat=True))
        done = deliveries_retry(delivery_ids=ids, user_id=int(request.user.pk))
        self.message_user(
            request,
            ngettext(
                "%(n)d delivery will be tried again now.",
                "%(n)d deliveries will be tried again now.",
                len(done),
            )
            % {"n": len(done)},
            messages.SUCCESS if done else messages.WARNING,
        )


@admin.register(PrintRun)
class PrintRunAdmin(ReadOnlyAdminMixin, SectionScopedAdmin[PrintRun]):
    """A section's staff see the runs of their own section's letters; a run of every
    section's letters (made by international staff) only staff who see every section."""

    section_path = "section"
    list_display = [
        "pk",
        "kind",
        "case",
        "target",
        "section",
        "status",
        "item_count",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["case", "target", "section"]
    # The PDF is private: it is served by the staff outbox, never by a URL of its own.
    exclude = ["pdf"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["download", *(f.name for f in PrintRun._meta.fields if f.name != "pdf")]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("PDF"))
    def download(self, obj: PrintRun) -> str:
        if obj.status not in (PrintRun.Status.READY, PrintRun.Status.POSTED) or not obj.pdf:
            return "—"
        url = reverse("outbox:print-run-pdf", kwargs={"print_run_id": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Download"))


@admin.register(HandIn)
class HandInAdmin(ReadOnlyAdminMixin, SectionScopedAdmin[HandIn]):
    """Petitions handed in, to look up: a section's staff see their section's, international
    staff every one. They are made and marked on the staff pages, where their documents are."""

    section_path = "section"
    list_display = ["pk", "case", "target", "section", "count", "signed_up_to", "handed_in_on"]
    list_filter = ["handed_in_on"]
    list_select_related = ["case", "target", "section"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["documents", *(f.name for f in HandIn._meta.fields)]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("Documents"))
    def documents(self, obj: HandIn) -> str:
        url = reverse("outbox:hand-in-case", kwargs={"case_id": obj.case_id})
        return format_html('<a href="{}#hand-in-{}">{}</a>', url, obj.pk, _("Hand-ins"))
