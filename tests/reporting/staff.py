"""Named actors for the update and widget pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from writeathon.sections.models import Section, StaffMembership


def update_staff(username: str, *, section: Section | None = None, write: bool = True) -> Any:
    """Staff who read (and, with `write`, write and send) updates: international staff, or
    staff of `section`."""
    user = get_user_model().objects.create_user(
        username=username, password="pw-staff-123456", is_staff=True
    )
    StaffMembership.objects.create(user=user, section=section, is_international=section is None)
    codenames = ["view_update", "add_update"] if write else ["view_update"]
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="reporting", codename__in=codenames)
    )
    return user


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
