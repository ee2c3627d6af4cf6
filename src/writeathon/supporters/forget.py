"""The supporters' part of erasure and "stop all email": only these change their rows for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from writeathon.supporters.models import Consent, Supporter


@dataclass(frozen=True)
class ErasedSupporter:
    """A supporter locked for erasure: what must be forgotten elsewhere too."""

    pk: int
    # Their email address and phone number, as other apps may hold them.
    identifiers: list[str]


def supporter_erasure_begin(*, supporter_id: int) -> ErasedSupporter | None:
    """Lock a supporter not yet erased, for the erasing transaction; None if there is none.

    Call inside the transaction that then calls supporter_forget, so that two erasures of
    one supporter cannot run at once.
    """
    supporter = (
        Supporter.objects.select_for_update()
        .filter(pk=supporter_id, erased_at__isnull=True)
        .only("pk", "email", "phone")
        .first()
    )
    if supporter is None:
        return None
    identifiers = [value for value in (supporter.email, supporter.phone) if value]
    return ErasedSupporter(pk=supporter.pk, identifiers=identifiers)


@transaction.atomic
def supporter_forget(*, supporter_id: int) -> None:
    """Empty a supporter's row (no address, number, name or country) and delete their
    consents. The row stays, marked erased, so that the actions it links keep counting."""
    now = timezone.now()
    Consent.objects.filter(supporter_id=supporter_id).delete()
    Supporter.objects.filter(pk=supporter_id).update(
        email=None,
        email_canonical="",
        phone=None,
        name="",
        country="",
        erased_at=now,
        updated_at=now,
    )


@transaction.atomic
def supporter_email_stop_mark(*, supporter_id: int) -> bool:
    """Mark a supporter as having stopped all email and withdraw every consent; returns
    whether this call stopped it (false when it was already stopped, or they are erased)."""
    now = timezone.now()
    stopped = Supporter.objects.filter(
        pk=supporter_id, email_stopped_at__isnull=True, erased_at__isnull=True
    ).update(email_stopped_at=now)
    Consent.objects.filter(supporter_id=supporter_id, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    return bool(stopped)
