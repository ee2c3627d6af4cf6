"""Writes for privacy: the link to a supporter's data, stopping email, erasure, purges.

Counts never move here. The counters (reporting's tallies) are kept apart from the
personal data, and erasing or purging only empties text fields of the action rows: the
rows themselves, their case, channel, status and dates, stay and keep counting.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from writeathon.actions.models import Action
from writeathon.core.cache import cache_add
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.delivery.models import Delivery, DeliveryAttempt, DeliveryPace, PrintRun
from writeathon.delivery.pdf import pdf_cache_clear
from writeathon.supporters.models import Consent, Supporter
from writeathon.supporters.services import email_canonical, email_normalize
from writeathon.supporters.tasks import send_data_link_email

logger = logging.getLogger(__name__)

# One data link per address at most this often, so the form cannot flood a mailbox.
DATA_LINK_INTERVAL_SECONDS = 300

# Stored in the outbox's error column as written: a record for staff, not a page.
NOTE_ERASED = "Erased at the supporter's request."
NOTE_ERASED_INACTIVE = "Erased after a long time without activity."
NOTE_EMAIL_STOPPED = "Not sent: the supporter stopped all email."
NOTE_PURGED = "Message text deleted after the retention period: it can no longer be sent."

# What a delivery's payload keeps once its text is gone: how it looked, not what it said.
_PAYLOAD_TEXT_KEYS = frozenset(
    {"subject", "body", "text", "signer_name", "signer_country", "reply_to", "copy_to"}
)
_PURGED = "purged"

_TO_THE_SUPPORTER = (Delivery.Kind.NOTICE, Delivery.Kind.REPLY)
_FINISHED = [Delivery.Status.DELIVERED, Delivery.Status.REJECTED, Delivery.Status.DEAD]

# An unconfirmed action is kept this long after its confirmation link expired.
_UNCONFIRMED_MARGIN = timedelta(days=1)

# Each periodic run does at most this much; the next run carries on.
MESSAGES_PURGE_BATCH = 500
MESSAGES_PURGE_MAX_PER_RUN = 20_000
SUPPORTERS_PURGE_MAX_PER_RUN = 1_000


# --- The link to a supporter's data ------------------------------------------------------------


def data_link_request(*, email: str, base_url: str, language: str) -> None:
    """Email the link to their data page to the owner of `email`, if it is a supporter's.

    Returns nothing, whatever happened: the page that calls this gives the same answer
    for every address, so that it cannot tell strangers who is a supporter.
    """
    # The same mailbox typed otherwise ("J.Doe@gmail.com") finds it too; the link goes to
    # the address as stored.
    known = Supporter.objects.filter(erased_at__isnull=True).only("pk")
    supporter = (
        known.filter(email=email_normalize(email)).first()
        or known.filter(email_canonical=email_canonical(email)).order_by("pk").first()
    )
    if supporter is None:
        return
    if not cache_add(f"data-link-sent:{supporter.pk}", 1, DATA_LINK_INTERVAL_SECONDS):
        return
    enqueue_with_transaction(
        send_data_link_email, supporter_id=supporter.pk, base_url=base_url, language=language
    )


# --- Stopping email ------------------------------------------------------------------------------


@transaction.atomic
def supporter_email_stop(*, supporter_id: int) -> bool:
    """Stop every email the campaign would send a supporter on its own initiative.

    Withdraws every consent, marks the supporter so that no notice is created for them,
    and cancels the notices already waiting in the outbox. Emails the person asks for
    themselves still go: the confirmation link when they act again, the link to their
    data page. Returns whether this call stopped it (false when it was already stopped).
    """
    now = timezone.now()
    stopped = Supporter.objects.filter(
        pk=supporter_id, email_stopped_at__isnull=True, erased_at__isnull=True
    ).update(email_stopped_at=now)
    Consent.objects.filter(supporter_id=supporter_id, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    Delivery.objects.filter(
        kind=Delivery.Kind.NOTICE,
        action__supporter_id=supporter_id,
        status__in=[Delivery.Status.QUEUED, Delivery.Status.FAILED, Delivery.Status.HELD],
    ).update(
        status=Delivery.Status.REJECTED,
        last_error=NOTE_EMAIL_STOPPED,
        next_try_at=None,
        lease_until=None,
    )
    return bool(stopped)


# --- Erasure -------------------------------------------------------------------------------------


def supporter_erase(
    *, supporter_id: int, note: str = NOTE_ERASED, clear_pdf_cache: bool = True
) -> bool:
    """Remove a supporter's personal data for good; their actions keep counting.

    The supporter row stays, emptied (no address, number or name), so that the actions it
    links keep their place in the counts; the actions lose the name, country and message
    written with them; consents are deleted; letters not yet sent are cancelled, and the
    outbox forgets the text of those already sent (and the PDF of a print run that held one
    of their letters is made again without it, or deleted once posted). Returns false when
    there was nothing left to erase.
    """
    with transaction.atomic():
        supporter = (
            Supporter.objects.select_for_update()
            .filter(pk=supporter_id, erased_at__isnull=True)
            .first()
        )
        if supporter is None:
            return False
        identifiers = [value for value in (supporter.email, supporter.phone) if value]
        action_ids = list(
            Action.objects.filter(supporter_id=supporter_id).values_list("pk", flat=True)
        )
        Action.objects.filter(pk__in=action_ids).update(
            signer_name="", subject="", body="", country=""
        )
        Consent.objects.filter(supporter_id=supporter_id).delete()
        forgotten, runs = deliveries_forget(
            action_ids=action_ids, recipients=identifiers, note=note
        )
        _admin_history_forget(supporter_id=supporter_id, identifiers=identifiers)
        Supporter.objects.filter(pk=supporter_id).update(
            email=None,
            email_canonical="",
            phone=None,
            name="",
            country="",
            erased_at=timezone.now(),
            updated_at=timezone.now(),
        )
    for run_id in runs:
        _print_run_forget(run_id)
    if forgotten and clear_pdf_cache:
        # Rendered letters are cached by their content; the cache cannot tell whose is whose.
        pdf_cache_clear()
    return True


def deliveries_forget(
    *, action_ids: Sequence[int], recipients: Sequence[str], note: str
) -> tuple[int, list[int]]:
    """The outbox's part of an erasure; call inside the erasing transaction.

    Letters and messages of these actions that have not gone yet are cancelled (rejected,
    with `note` as the reason) and taken out of the digest or print run they waited in;
    the text of every one of them is deleted. Notices and text-message replies to the
    supporter's own address or number lose the address too. Returns how many deliveries
    were touched, and the print runs whose PDF holds one of these letters.
    """
    own = Delivery.objects.filter(
        Q(action_id__in=list(action_ids))
        | Q(kind__in=_TO_THE_SUPPORTER, recipient__in=list(recipients))
    )
    rows = list(own.select_for_update().values_list("pk", "status", "kind", "print_run_id"))
    if not rows:
        return 0, []
    unsent = [pk for pk, status, _kind, _run in rows if status != Delivery.Status.DELIVERED]
    sent = [pk for pk, status, _kind, _run in rows if status == Delivery.Status.DELIVERED]
    to_them = [pk for pk, _status, kind, _run in rows if kind in _TO_THE_SUPPORTER]
    runs = sorted({run for _pk, _status, _kind, run in rows if run is not None})
    Delivery.objects.filter(pk__in=unsent).update(
        status=Delivery.Status.REJECTED,
        payload={_PURGED: True},
        last_error=note,
        next_try_at=None,
        lease_until=None,
        awaits_digest=False,
        bundle=None,
        print_run=None,
    )
    Delivery.objects.filter(pk__in=sent).update(payload={_PURGED: True})
    # Errors of mail to the supporter can quote their address ("recipient refused: ...").
    Delivery.objects.filter(pk__in=to_them).update(recipient="", last_error=note)
    DeliveryAttempt.objects.filter(delivery_id__in=to_them).update(error="")
    DeliveryPace.objects.filter(recipient__in=list(recipients)).delete()
    return len(rows), runs


def _print_run_forget(run_id: int) -> None:
    """A print run's PDF holds an erased letter. Once posted, the PDF is only a copy and is
    deleted; before, it is made again without the letter (cancelled and taken out of the
    run), or deleted when nothing is left to print."""
    from writeathon.delivery.tasks import print_run_render

    with transaction.atomic():
        run = PrintRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return
        if run.pdf:
            run.pdf.delete(save=False)
        if run.status == PrintRun.Status.POSTED:
            PrintRun.objects.filter(pk=run_id).update(pdf="")
            return
        left = run.deliveries.count()
        if not left:
            PrintRun.objects.filter(pk=run_id).update(
                pdf="", item_count=0, status=PrintRun.Status.FAILED, error=NOTE_ERASED
            )
            return
        PrintRun.objects.filter(pk=run_id).update(
            pdf="", item_count=left, status=PrintRun.Status.RENDERING, error=""
        )
        enqueue_with_transaction(print_run_render, print_run_id=run_id)


def _admin_history_forget(*, supporter_id: int, identifiers: Sequence[str]) -> None:
    """The admin's history names objects by their address ("amira@example.com"): rename."""
    supporter_type = ContentType.objects.get_for_model(Supporter)
    LogEntry.objects.filter(content_type=supporter_type, object_id=str(supporter_id)).update(
        object_repr=f"#{supporter_id}"
    )
    for identifier in identifiers:
        LogEntry.objects.filter(object_repr__contains=identifier).update(object_repr="—")


# --- Purges (periodic jobs) -------------------------------------------------------------------


def messages_purge(*, now: datetime | None = None) -> int:
    """Delete the text of messages that no longer need it; returns how many rows changed.

    * Actions whose every delivery was delivered, rejected or dead more than
      MESSAGE_RETENTION_DAYS ago (or that had nothing to deliver and were confirmed that
      long ago) lose their subject and message, and their deliveries the text of the
      letter. A dead delivery becomes rejected: with no text it can never be sent.
    * Actions never confirmed within the link's validity (plus a day) lose their text and
      are declined: they never count.
    * Print runs posted that long ago lose their PDF.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MESSAGE_RETENTION_DAYS)
    has_text = ~Q(subject="") | ~Q(body="")
    still_needed = Delivery.objects.filter(action_id=OuterRef("pk")).filter(
        ~Q(status__in=_FINISHED)
        | Q(delivered_at__gte=cutoff)
        | Q(delivered_at__isnull=True, updated_at__gte=cutoff)
    )
    done = (
        Action.objects.filter(has_text, status=Action.Status.CONFIRMED, confirmed_at__lt=cutoff)
        .exclude(Exists(still_needed))
        .order_by()
    )
    expired_before = (
        now - timedelta(seconds=settings.CONFIRMATION_MAX_AGE_SECONDS) - _UNCONFIRMED_MARGIN
    )
    unconfirmed = Action.objects.filter(
        has_text,
        status__in=[Action.Status.PENDING, Action.Status.DECLINED],
        created_at__lt=expired_before,
    ).order_by()
    changed = 0
    for ids in _batches(done):
        with transaction.atomic():
            changed += Action.objects.filter(pk__in=ids).update(subject="", body="")
    for ids in _batches(unconfirmed):
        with transaction.atomic():
            changed += Action.objects.filter(
                pk__in=ids, status__in=[Action.Status.PENDING, Action.Status.DECLINED]
            ).update(subject="", body="", status=Action.Status.DECLINED)
    finished_long_ago = (
        Delivery.objects.filter(status__in=_FINISHED)
        .filter(Q(delivered_at__lt=cutoff) | Q(delivered_at__isnull=True, updated_at__lt=cutoff))
        .exclude(payload__has_key=_PURGED)
        .order_by()
    )
    for ids in _batches(finished_long_ago):
        changed += _deliveries_purge(ids)
    for run in PrintRun.objects.filter(status=PrintRun.Status.POSTED, posted_at__lt=cutoff).exclude(
        pdf=""
    ):
        run.pdf.delete(save=False)
        PrintRun.objects.filter(pk=run.pk).update(pdf="")
        changed += 1
    return changed


def _batches(queryset: Any) -> list[list[int]]:
    ids = list(queryset.values_list("pk", flat=True)[:MESSAGES_PURGE_MAX_PER_RUN])
    return [ids[i : i + MESSAGES_PURGE_BATCH] for i in range(0, len(ids), MESSAGES_PURGE_BATCH)]


@transaction.atomic
def _deliveries_purge(ids: list[int]) -> int:
    changed = 0
    rows = Delivery.objects.select_for_update().filter(pk__in=ids, status__in=_FINISHED)
    for pk, status, payload in rows.values_list("pk", "status", "payload"):
        kept = {
            key: value
            for key, value in (payload if isinstance(payload, dict) else {}).items()
            if key not in _PAYLOAD_TEXT_KEYS
        }
        fields: dict[str, Any] = {"payload": {**kept, _PURGED: True}}
        if status == Delivery.Status.DEAD:
            # Staff may try a dead delivery again: without its text it must not go out.
            fields |= {"status": Delivery.Status.REJECTED, "last_error": NOTE_PURGED}
        changed += Delivery.objects.filter(pk=pk).update(**fields)
    return changed


def supporters_purge(*, now: datetime | None = None) -> int:
    """Erase supporters with no activity for SUPPORTER_RETENTION_DAYS; returns how many.

    Activity is joining, confirming the address, acting (or an action being confirmed)
    and giving consent. Erasure is the same as when a supporter asks for it.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SUPPORTER_RETENTION_DAYS)
    recent_action = Action.objects.filter(supporter_id=OuterRef("pk")).filter(
        Q(created_at__gte=cutoff) | Q(confirmed_at__gte=cutoff)
    )
    recent_consent = Consent.objects.filter(supporter_id=OuterRef("pk"), given_at__gte=cutoff)
    idle = (
        Supporter.objects.filter(erased_at__isnull=True, created_at__lt=cutoff)
        .exclude(confirmed_at__gte=cutoff)
        .exclude(Exists(recent_action))
        .exclude(Exists(recent_consent))
        .order_by("pk")
    )
    ids = list(idle.values_list("pk", flat=True)[:SUPPORTERS_PURGE_MAX_PER_RUN])
    erased = sum(
        supporter_erase(supporter_id=pk, note=NOTE_ERASED_INACTIVE, clear_pdf_cache=False)
        for pk in ids
    )
    if erased:
        pdf_cache_clear()
        logger.info(
            "Erased %s supporters after %s days without activity",
            erased,
            settings.SUPPORTER_RETENTION_DAYS,
        )
    return erased
