"""Privacy across apps: the link to a supporter's data, stopping all email, erasure, and
the retention purges.

Each app forgets its own rows through its own services (supporters.forget, actions.forget,
moderation.forget, delivery.forget, events.services, core.admin_history); this module
decides what is forgotten, and when.

Counts never move here. The counters (reporting's tallies) are kept apart from the
personal data, and erasing or purging only empties text fields of the action rows: the
rows themselves, their case, channel, status and dates, stay and keep counting.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from writeathon.actions.forget import actions_forget, actions_text_purge, actions_unconfirmed_purge
from writeathon.actions.models import Action
from writeathon.core.admin_history import admin_history_forget
from writeathon.core.cache import cache_add
from writeathon.core.email_address import email_canonical, email_normalize
from writeathon.delivery.forget import (
    FINISHED_STATUSES,
    deliveries_cancel_notices,
    deliveries_forget,
    deliveries_text_purge,
    print_run_forget,
    print_runs_pdf_purge,
)
from writeathon.delivery.models import Delivery
from writeathon.delivery.pdf import pdf_cache_clear
from writeathon.delivery.personal import data_link_email_create
from writeathon.events.reports import event_signups_forget
from writeathon.events.services import events_person_forget
from writeathon.moderation.forget import moderation_notes_forget
from writeathon.supporters.forget import (
    supporter_email_stop_mark,
    supporter_erasure_begin,
    supporter_forget,
)
from writeathon.supporters.models import Consent, Supporter

logger = logging.getLogger(__name__)

# An unconfirmed action is kept this long after its confirmation link expired.
_UNCONFIRMED_MARGIN = timedelta(days=1)

# Each periodic run does at most this much; the next run carries on.
MESSAGES_PURGE_BATCH = 500
MESSAGES_PURGE_MAX_PER_RUN = 20_000
SUPPORTERS_PURGE_MAX_PER_RUN = 1_000


# One data link per address at most this often, so the form cannot flood a mailbox.
DATA_LINK_INTERVAL_SECONDS = 300


# --- The link to a supporter's data ----------------------------------------------------------


@transaction.atomic
def data_link_request(*, email: str, base_url: str, language: str) -> None:
    """Queue the email with the link to their data page for the owner of `email`, if it is
    a supporter's: a row in the outbox, written and signed when it is sent.

    Returns nothing, whatever happened: the page that calls this gives the same answer
    for every address, so that it cannot tell strangers who is a supporter.
    """
    # The same mailbox typed otherwise ("J.Doe@gmail.com") finds it too; the link goes to
    # the address as stored.
    known = Supporter.objects.filter(erased_at__isnull=True)
    supporter = (
        known.filter(email=email_normalize(email)).first()
        or known.filter(email_canonical=email_canonical(email)).order_by("pk").first()
    )
    if supporter is None:
        return
    if not cache_add(f"data-link-sent:{supporter.pk}", 1, DATA_LINK_INTERVAL_SECONDS):
        return
    data_link_email_create(supporter=supporter, base_url=base_url, language=language)


# --- Stopping email ------------------------------------------------------------------------------


@transaction.atomic
def supporter_email_stop(*, supporter_id: int) -> bool:
    """Stop every email the campaign would send a supporter on its own initiative.

    Withdraws every consent, marks the supporter so that no notice is created for them,
    and cancels the notices already waiting in the outbox. Emails the person asks for
    themselves still go: the confirmation link when they act again, the link to their
    data page. Returns whether this call stopped it (false when it was already stopped).
    """
    stopped = supporter_email_stop_mark(supporter_id=supporter_id)
    action_ids = list(Action.objects.filter(supporter_id=supporter_id).values_list("pk", flat=True))
    deliveries_cancel_notices(action_ids=action_ids, reason=Delivery.CancelReason.EMAIL_STOPPED)
    return stopped


# --- Erasure -------------------------------------------------------------------------------------


def supporter_erase(
    *,
    supporter_id: int,
    reason: str = Delivery.CancelReason.ERASED,
    clear_pdf_cache: bool = True,
) -> bool:
    """Remove a supporter's personal data for good; their actions keep counting.

    The supporter row stays, emptied (no address, number or name), so that the actions it
    links keep their place in the counts; the actions lose the name, country and message
    written with them; consents are deleted; moderators' notes on their messages are
    emptied; letters not yet sent are cancelled with
    `reason`, and the outbox forgets the text of those already sent (and the PDF of a print
    run that held one of their letters is made again without it, or deleted once posted).
    Returns false when there was nothing left to erase.
    """
    with transaction.atomic():
        erased = supporter_erasure_begin(supporter_id=supporter_id)
        if erased is None:
            return False
        action_ids = actions_forget(supporter_id=supporter_id)
        forgotten = deliveries_forget(
            action_ids=action_ids, recipients=erased.identifiers, reason=reason
        )
        moderation_notes_forget(delivery_ids=forgotten.delivery_ids)
        # The same person's RSVPs and host record (the outbox cancelled their emails above).
        events_person_forget(identifiers=erased.identifiers)
        event_signups_forget(supporter_id=supporter_id, identifiers=erased.identifiers)
        admin_history_forget(
            model=Supporter, object_id=supporter_id, identifiers=erased.identifiers
        )
        supporter_forget(supporter_id=supporter_id)
    for run_id in forgotten.print_run_ids:
        print_run_forget(print_run_id=run_id)
    if forgotten.delivery_ids and clear_pdf_cache:
        # Rendered letters are cached by their content; the cache cannot tell whose is whose.
        pdf_cache_clear()
    return True


# --- Purges (periodic jobs) -------------------------------------------------------------------


def messages_purge(*, now: datetime | None = None) -> int:
    """Delete the text of messages that no longer need it; returns how many rows changed.

    * Actions whose every delivery was delivered, rejected, cancelled or dead more than
      MESSAGE_RETENTION_DAYS ago (or that had nothing to deliver and were confirmed that
      long ago) lose their subject and message, and their deliveries the text of the
      letter. A dead delivery is cancelled: with no text it can never be sent.
    * Actions never confirmed within the link's validity (plus a day) lose their text and
      are declined: they never count.
    * Print runs posted that long ago lose their PDF.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MESSAGE_RETENTION_DAYS)
    has_text = ~Q(subject="") | ~Q(body="")
    still_needed = Delivery.objects.filter(action_id=OuterRef("pk")).filter(
        ~Q(status__in=FINISHED_STATUSES)
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
        changed += actions_text_purge(action_ids=ids)
    for ids in _batches(unconfirmed):
        changed += actions_unconfirmed_purge(action_ids=ids)
    changed += deliveries_text_purge(
        finished_before=cutoff, limit=MESSAGES_PURGE_MAX_PER_RUN, batch=MESSAGES_PURGE_BATCH
    )
    changed += print_runs_pdf_purge(posted_before=cutoff)
    return changed


def _batches(queryset: Any) -> list[list[int]]:
    ids = list(queryset.values_list("pk", flat=True)[:MESSAGES_PURGE_MAX_PER_RUN])
    return [ids[i : i + MESSAGES_PURGE_BATCH] for i in range(0, len(ids), MESSAGES_PURGE_BATCH)]


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
        supporter_erase(
            supporter_id=pk, reason=Delivery.CancelReason.ERASED_INACTIVE, clear_pdf_cache=False
        )
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
