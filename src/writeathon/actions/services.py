"""Writes for actions: the one way in (action_record) and confirming.

What follows from an action in other apps (screening, the outbox, the counters, the
confirmation email) is ordered by writeathon.usecases.intake, which calls these.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from writeathon.actions.models import Action
from writeathon.actions.tallies import tally_day, tally_increment
from writeathon.campaigns.models import Case
from writeathon.core.vocabulary import Channel, Source
from writeathon.supporters.models import Supporter
from writeathon.supporters.services import (
    confirmation_link_retire,
    confirmation_link_spend,
    consents_withdraw_for_actions,
    supporter_confirmed_mark,
)


@dataclass(frozen=True)
class Recorded:
    action: Action
    # False: a repeat, returned as it stands; it counted nothing.
    created: bool
    # Confirmed and counted by this call: the caller fills the outbox.
    counted: bool
    # It took the place of an action waiting or declined for the same case and channel.
    replaced: bool


def _tally(action: Action, *, section_id: int | None) -> None:
    """Count a confirmed action in the tallies, by its case, the supporter's section, its
    channel, source and country, and the day it was confirmed."""
    tally_increment(
        campaign_id=action.campaign_id,
        case_id=action.case_id,
        section_id=section_id,
        channel=action.channel,
        source=action.source,
        country=str(action.country or ""),
        day=tally_day(action.confirmed_at or action.created_at),
    )


@transaction.atomic
def action_record(
    *,
    source: Source,
    case: Case,
    channel: Channel,
    supporter: Supporter,
    by_owner: bool,
    country: str,
    language: str,
    signer_name: str,
    subject: str = "",
    body: str = "",
    copy_to_supporter: bool = False,
    hide_email: bool = False,
) -> Recorded:
    """Record one action by one supporter for one case on one channel: every source's
    way in (the web forms, SMS keywords, and what comes later).

    `by_owner`: whoever submits it is known to be the supporter (a confirmed address from
    its owner's browser, a text from the number). The owner's action is born confirmed;
    anyone else's waits for the address's owner. One action per supporter, case and
    channel, whatever its source: a repeat is returned without counting it again, except
    that a declined action (and, for the owner, one a stranger left waiting in their name)
    is replaced from scratch, its consent withdrawn. A confirmed action is added to the
    counters here, in the same transaction.
    """
    counted = by_owner
    now = timezone.now()
    fields = {
        "source": source,
        "country": country,
        "language": language,
        "signer_name": signer_name,
        "subject": subject,
        "body": body,
        "copy_to_supporter": copy_to_supporter,
        "hide_email": hide_email,
        "status": Action.Status.CONFIRMED if counted else Action.Status.PENDING,
        "confirmed_at": now if counted else None,
    }
    existing = Action.objects.filter(supporter=supporter, case=case, channel=channel).first()
    replaceable = [Action.Status.DECLINED]
    if by_owner:
        # What waits for this address was taken by someone else: the owner would have
        # counted at once. Their own submission replaces it, words and consent included.
        replaceable.append(Action.Status.PENDING)
    if existing is not None and existing.status not in replaceable:
        return Recorded(action=existing, created=False, counted=False, replaced=False)
    if existing is not None:
        consents_withdraw_for_actions(action_ids=[existing.pk])
        Action.objects.filter(pk=existing.pk).update(**fields, created_at=now)
        action = Action.objects.get(pk=existing.pk)
        if counted:
            _tally(action, section_id=supporter.section_id)
        return Recorded(action=action, created=True, counted=counted, replaced=True)
    try:
        with transaction.atomic():
            action = Action.objects.create(
                campaign_id=case.campaign_id,
                case=case,
                supporter=supporter,
                channel=channel,
                **fields,
            )
    except IntegrityError:
        # The same submission arrived twice at once (a double click, a gateway retry).
        existing = Action.objects.get(supporter=supporter, case=case, channel=channel)
        return Recorded(action=existing, created=False, counted=False, replaced=False)
    if counted:
        _tally(action, section_id=supporter.section_id)
    return Recorded(action=action, created=True, counted=counted, replaced=False)


@transaction.atomic
def action_confirm(*, action_id: int) -> bool:
    """Confirm one pending action and add it to the counters, exactly once; returns whether
    this call confirmed it.

    The conditional update makes a second call (a double click, a retried task, a
    concurrent confirmation) a no-op. The caller fills the outbox for what this confirmed,
    in the same transaction.
    """
    updated = Action.objects.filter(pk=action_id, status=Action.Status.PENDING).update(
        status=Action.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    if not updated:
        return False
    action = Action.objects.select_related("supporter").get(pk=action_id)
    _tally(action, section_id=action.supporter.section_id if action.supporter else None)
    return True


@transaction.atomic
def supporter_actions_settle(
    *,
    supporter: Supporter,
    action_ids: Collection[int] | None = None,
    link_token: str | None = None,
) -> list[int]:
    """Mark the address confirmed and settle the actions waiting for it; returns the ids of
    those the owner kept, which the caller confirms and counts (action_confirm).

    With `action_ids` (the actions the owner saw and kept on the confirmation page), only
    those are kept: the other waiting ones, taken by someone else with this address, are
    declined, and any consent given with them is withdrawn. Without, every waiting action
    is kept.

    With `link_token`, the confirmation link is used up first: a link used already raises
    ConfirmationLinkError (spent) and changes nothing. Either way, nothing waits afterwards,
    so the link that was out is spent.
    """
    if link_token is not None:
        confirmation_link_spend(token=link_token)
    else:
        confirmation_link_retire(supporter_id=supporter.pk)
    supporter_confirmed_mark(supporter_id=supporter.pk)
    pending = list(
        Action.objects.filter(supporter=supporter, status=Action.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    kept = set(pending if action_ids is None else action_ids)
    declined = [pk for pk in pending if pk not in kept]
    if declined:
        Action.objects.filter(pk__in=declined, status=Action.Status.PENDING).update(
            status=Action.Status.DECLINED
        )
        consents_withdraw_for_actions(action_ids=declined)
    return [pk for pk in pending if pk in kept]
