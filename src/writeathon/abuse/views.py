"""The staff page of traffic and access rules: /staff/abuse/.

Seeing it needs ``abuse.view_traffichour``; adding and removing rules
``abuse.add_accessrule`` and ``abuse.delete_accessrule``. Every change is a POST with a CSRF
token, goes through a service and is logged.

Client addresses, email domains and the rules' values (personal data) are shown, and rules
changed, by international staff only: traffic is counted before a form says who sent it, so
it belongs to no section, and a rule applies to the forms of every section. A section's
staff see how much was sent and refused, enough to notice a flood and tell them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from writeathon.abuse.forms import AccessRuleForm, AccessRuleRemoveForm
from writeathon.abuse.models import AccessRule, TrafficHour
from writeathon.abuse.selectors import (
    access_rules_list,
    traffic_busiest,
    traffic_since,
    traffic_totals,
)
from writeathon.abuse.services import access_rule_add, access_rule_remove
from writeathon.core.personal_data import personal_data_access_log
from writeathon.core.staff import staff_permission_required
from writeathon.sections.access import staff_scope

VIEW_PERMISSION = "abuse.view_traffichour"
ADD_PERMISSION = "abuse.add_accessrule"
DELETE_PERMISSION = "abuse.delete_accessrule"


def _international_only(request: HttpRequest) -> None:
    if not staff_scope(request.user).all_sections:
        raise PermissionDenied


def _page(
    request: HttpRequest, *, form: AccessRuleForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    international = staff_scope(user).all_sections
    periods = []
    for hours, title in ((1, _("Last hour")), (24, _("Last 24 hours"))):
        since = traffic_since(hours=hours)
        period = {"id": f"last-{hours}h", "title": title, "since": since}
        if international:
            period["ips"] = traffic_busiest(kind=TrafficHour.Kind.IP, since=since)
            period["domains"] = traffic_busiest(kind=TrafficHour.Kind.DOMAIN, since=since)
        else:
            period["totals"] = traffic_totals(since=since)
        periods.append(period)
    if international:
        # Client addresses and email addresses are personal data: the look is logged.
        personal_data_access_log(request=request, what="abuse traffic")
    response = render(
        request,
        "abuse/traffic.html",
        {
            "periods": periods,
            "international": international,
            "rules": access_rules_list() if international else [],
            "form": form or AccessRuleForm(initial={"action": AccessRule.Action.BLOCK}),
            "can_add": international and user.has_perm(ADD_PERMISSION),
            "can_remove": international and user.has_perm(DELETE_PERMISSION),
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@staff_permission_required(VIEW_PERMISSION)
@require_safe
def traffic(request: HttpRequest) -> HttpResponse:
    return _page(request)


@staff_permission_required(VIEW_PERMISSION, ADD_PERMISSION)
@require_POST
def rule_add(request: HttpRequest) -> HttpResponse:
    _international_only(request)
    form = AccessRuleForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    data = form.cleaned_data
    user = request.user if request.user.is_authenticated else None
    rule = access_rule_add(
        kind=data["kind"],
        value=data["value"],
        action=data["action"],
        note=data["note"],
        expires_at=form.expires_at(),
        created_by=user,
    )
    messages.success(request, _("Rule added: %(rule)s.") % {"rule": rule})
    return redirect("abuse:traffic")


@staff_permission_required(VIEW_PERMISSION, DELETE_PERMISSION)
@require_POST
def rule_remove(request: HttpRequest) -> HttpResponse:
    _international_only(request)
    form = AccessRuleRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This rule does not exist (any more)."))
        return redirect("abuse:traffic")
    rule: AccessRule = form.cleaned_data["rule"]
    user = request.user if request.user.is_authenticated else None
    access_rule_remove(rule=rule, removed_by=user)
    messages.success(request, _("Rule removed: %(rule)s.") % {"rule": rule})
    return redirect("abuse:traffic")
