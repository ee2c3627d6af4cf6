"""The admin's history (django.contrib.admin's LogEntry) forgets what named a person."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction


@transaction.atomic
def admin_history_forget(
    *, model: type[models.Model], object_id: int, identifiers: Sequence[str]
) -> None:
    """The history names objects by what they showed ("amira@example.com"): the object's
    own entries are renamed to its id, and any entry naming one of `identifiers` to a dash."""
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(content_type=content_type, object_id=str(object_id)).update(
        object_repr=f"#{object_id}"
    )
    for identifier in identifiers:
        LogEntry.objects.filter(object_repr__contains=identifier).update(object_repr="—")
