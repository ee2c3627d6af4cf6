"""The roles page: what each ready role lets a staff member do, in plain words."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from writeathon.core.staff import staff_permission_required
from writeathon.sections.roles import ROLES, role_of


@staff_permission_required()
@require_safe
def roles_list(request: HttpRequest) -> HttpResponse:
    """Every role and its rights; the reader's own role is marked."""
    mine = role_of(request.user)
    return render(
        request,
        "sections/roles.html",
        {"roles": list(ROLES.values()), "mine": mine.code if mine else ""},
    )
