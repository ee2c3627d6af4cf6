"""The moderation queue: every held letter and message of solidarity, for moderators.

Reading and deciding need staff status and the ``moderation.moderate`` permission (given to
the people who read messages, who need not manage the outbox); like the outbox, a section's
staff see and decide the messages of their own section's supporters only, international
staff all of them (writeathon.sections.access). Messages are personal data:
every page that shows them is logged (writeathon.core.personal_data). Decisions are POSTs
with a CSRF token, made through moderation_decide, recorded with who, when and why.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from writeathon.core.personal_data import personal_data_access_log
from writeathon.core.staff import staff_page, staff_permission_required, staff_return_url
from writeathon.delivery.models import Delivery
from writeathon.moderation.forms import DecisionForm, QueueFilterForm
from writeathon.moderation.selectors import (
    held_deliveries,
    moderated_visible,
    moderation_history,
    moderation_item_get,
    review_counts,
)
from writeathon.usecases.moderation import moderation_decide

MODERATE_PERMISSION = "moderation.moderate"


@never_cache
@staff_permission_required(MODERATE_PERMISSION)
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    page = (
        staff_page(
            request,
            held_deliveries(
                user=request.user,
                case=data.get("case"),
                channel=data.get("channel", ""),
                reason=data.get("reason", ""),
                language=data.get("language", ""),
            ),
        )
        if valid
        else None
    )
    if page is not None and page.object_list:
        personal_data_access_log(
            request=request, what="held messages", reason=f"{len(page.object_list)} shown"
        )
    return render(
        request,
        "moderation/queue.html",
        {
            "form": form,
            "page": page,
            "filtered": any(data.values()),
            "decision_form": DecisionForm(),
            "review_counts": review_counts(user=request.user),
        },
        status=200 if valid else 400,
    )


@never_cache
@staff_permission_required(MODERATE_PERMISSION)
@require_safe
def item(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = moderation_item_get(user=request.user, delivery_id=delivery_id)
    if delivery is None:
        raise Http404("No such message.")
    personal_data_access_log(request=request, what="held message", object_id=delivery.pk)
    payload = delivery.payload if isinstance(delivery.payload, dict) else {}
    return render(
        request,
        "moderation/item.html",
        {
            "delivery": delivery,
            "subject": str(payload.get("subject", "")),
            "text": str(payload.get("body") or payload.get("text") or ""),
            "history": moderation_history(delivery=delivery),
            "held": delivery.status == Delivery.Status.HELD,
            "decision_form": DecisionForm(),
        },
    )


@never_cache
@staff_permission_required(MODERATE_PERMISSION)
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    queue = reverse("moderation:queue")
    back = staff_return_url(request, within=queue, fallback=queue)
    # Only what this moderator may see: another section's messages are not theirs to decide.
    chosen = list(
        moderated_visible(request.user)
        .filter(pk__in=form.chosen_ids())
        .values_list("pk", flat=True)
    )
    if not chosen:
        messages.error(request, _("Select at least one message."))
        return redirect(back)
    if request.user.pk is None:  # the permission check let no anonymous user through
        raise PermissionDenied
    approve = form.cleaned_data["decision"] == "approve"
    done = moderation_decide(
        delivery_ids=chosen,
        approve=approve,
        note=form.cleaned_data["note"],
        user_id=int(request.user.pk),
    )
    if done:
        text = (
            ngettext(
                "%(n)d message passed on.",
                "%(n)d messages passed on.",
                len(done),
            )
            if approve
            else ngettext("%(n)d message rejected.", "%(n)d messages rejected.", len(done))
        )
        messages.success(request, text % {"n": len(done)})
    left = len(chosen) - len(done)
    if left:
        messages.info(
            request,
            ngettext(
                "%(n)d message had already been decided and was left as it is.",
                "%(n)d messages had already been decided and were left as they are.",
                left,
            )
            % {"n": left},
        )
    return redirect(back)
