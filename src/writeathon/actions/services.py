"""Writes for actions: submitting, confirming and counting them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from writeathon.actions.models import Action, Channel, Source
from writeathon.actions.tasks import send_confirmation_email
from writeathon.campaigns.models import Case
from writeathon.core.cache import cache_add
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.delivery.services import deliveries_create_for_action
from writeathon.moderation.screening import Screening, screen_message
from writeathon.moderation.services import screening_record
from writeathon.reporting.services import tally_increment
from writeathon.supporters.models import Consent, Supporter
from writeathon.supporters.services import (
    confirmation_link_retire,
    confirmation_link_spend,
    consent_record,
    email_canonical,
    supporter_get_or_create,
)

# A repeat submission by an unconfirmed address resends the link at most this often.
RESEND_INTERVAL_SECONDS = 300


@dataclass(frozen=True)
class SubmitResult:
    action: Action
    created: bool
    counted: bool
    confirmation_sent: bool


@dataclass(frozen=True)
class ConsentGiven:
    text: str
    version: str
    form: str


def action_count(*, action_id: int) -> bool:
    """Confirm one pending action and add it to the counters, exactly once.

    The conditional update makes a second call (a double click, a retried task, a
    concurrent confirmation) a no-op. Returns whether this call counted it.
    """
    with transaction.atomic():
        updated = Action.objects.filter(pk=action_id, status=Action.Status.PENDING).update(
            status=Action.Status.CONFIRMED, confirmed_at=timezone.now()
        )
        if not updated:
            return False
        campaign_id, case_id = Action.objects.values_list("campaign_id", "case_id").get(
            pk=action_id
        )
        tally_increment(campaign_id=campaign_id, case_id=case_id)
        deliveries_create_for_action(action_id=action_id)
        return True


def _send_confirmation(*, action: Action, base_url: str) -> bool:
    """Queue the confirmation email, at most once per interval per supporter.

    One link confirms every action waiting for the address, so signing several cases in a
    row sends one email, not one per case. cache.add is atomic: of concurrent requests,
    one sends.
    """
    key = f"confirm-sent:{action.supporter_id}"
    if not cache_add(key, 1, RESEND_INTERVAL_SECONDS):
        return False
    enqueue_with_transaction(send_confirmation_email, action_id=action.pk, base_url=base_url)
    return True


@transaction.atomic
def action_submit(
    *,
    case: Case,
    channel: Channel,
    email: str,
    name: str,
    country: str,
    language: str,
    base_url: str,
    subject: str = "",
    body: str = "",
    consent: ConsentGiven | None = None,
    source: Source = Source.ONLINE,
    copy_to_supporter: bool = False,
    hide_email: bool = False,
    screening: Screening | None = None,
    browser_owner_id: int | None = None,
) -> SubmitResult:
    """Record one action by one supporter for one case on one channel.

    The action counts at once only when the address is confirmed and `browser_owner_id`
    (the supporter whose owner cookie the submitting browser holds) is the address's
    supporter. Otherwise, new, unconfirmed or confirmed address alike, it waits, and the
    address gets a confirmation email (at most one per interval, whose link lists every
    waiting action): anyone can type anyone's address, and the result must not tell them
    what it has done. A repeat for the same case and channel is recognised and returned
    without counting it again; the owner's own repeat of an action a stranger left waiting
    in their name takes its place. With `hide_email`, the official's email gives the
    campaign's address for replies instead of the writer's.

    A message is screened (writeathon.moderation): pass the `screening` of a caller that
    screened it first and refused a rejected one (the public forms); without, it is
    screened here with the email address as its source, and what screening would reject
    is held for a moderator, since nobody can be asked to rewrite it.
    """
    supporter, _created = supporter_get_or_create(
        email=email, name=name, country=country, language=language
    )
    # Lock the supporter until commit: a confirmation landing between this read and our
    # commit would otherwise settle the waiting actions, and spend their link, without
    # seeing this one.
    supporter = Supporter.objects.select_for_update().get(pk=supporter.pk)
    # The owner's action, from their own browser, is born confirmed and counted in this
    # transaction.
    is_owner = supporter.is_confirmed and browser_owner_id == supporter.pk
    counted = is_owner
    fields = {
        "source": source,
        "country": country,
        "language": language,
        "signer_name": name,
        "subject": subject,
        "body": body,
        "copy_to_supporter": copy_to_supporter,
        "hide_email": hide_email,
        "status": Action.Status.CONFIRMED if counted else Action.Status.PENDING,
        "confirmed_at": timezone.now() if counted else None,
    }
    existing = Action.objects.filter(supporter=supporter, case=case, channel=channel).first()
    replaceable = [Action.Status.DECLINED]
    if is_owner:
        # What waits for this address was taken by someone else: the owner would have
        # counted at once. Their own submission replaces it, words and consent included.
        replaceable.append(Action.Status.PENDING)
    if existing is not None and existing.status not in replaceable:
        return _repeat(existing, supporter, base_url)
    if existing is not None:
        # The address's owner declined an action a stranger took in their name (or is
        # taking it themselves); this new submission takes its place, from scratch.
        Consent.objects.filter(action_id=existing.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        Action.objects.filter(pk=existing.pk).update(**fields, created_at=timezone.now())
        action = Action.objects.get(pk=existing.pk)
    else:
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
            # The same submission arrived twice at once (a double click on a slow line).
            existing = Action.objects.get(supporter=supporter, case=case, channel=channel)
            return _repeat(existing, supporter, base_url)
    if subject or body:
        if screening is None:
            screening = screen_message(
                text=body,
                subject=subject,
                channel=channel,
                language=language,
                case=case,
                source=f"email:{email_canonical(email)}",
            )
        # Before the deliveries are created: a held message's are created held.
        screening_record(action_id=action.pk, case_id=case.pk, screening=screening)
    if consent is not None:
        consent_record(
            supporter=supporter,
            purpose=Consent.Purpose.CAMPAIGN_UPDATES,
            text=consent.text,
            version=consent.version,
            form=consent.form,
            language=language,
            action_id=action.pk,
        )
    waiting_too = Action.objects.filter(supporter=supporter, status=Action.Status.PENDING)
    if counted:
        tally_increment(campaign_id=case.campaign_id, case_id=case.pk)
        deliveries_create_for_action(action_id=action.pk)
        if existing is not None and not waiting_too.exists():
            # The owner took what waited in their name: the link sent for it is spent.
            confirmation_link_retire(supporter_id=supporter.pk)
        return SubmitResult(action=action, created=True, counted=True, confirmation_sent=False)
    if not waiting_too.exclude(pk=action.pk).exists():
        # The first action to wait since the last link was used: it gets a new link.
        confirmation_link_retire(supporter_id=supporter.pk)
    sent = _send_confirmation(action=action, base_url=base_url)
    return SubmitResult(action=action, created=True, counted=False, confirmation_sent=sent)


def _repeat(action: Action, supporter: Supporter, base_url: str) -> SubmitResult:
    """A repeat, by anyone: it counts nothing; a waiting action's link may go again."""
    sent = False
    if action.status == Action.Status.PENDING:
        sent = _send_confirmation(action=action, base_url=base_url)
    return SubmitResult(action=action, created=False, counted=False, confirmation_sent=sent)


@transaction.atomic
def action_confirmation_resend(*, action: Action, base_url: str) -> bool:
    """Send the confirmation link for a waiting action again, at most once per interval.

    Returns whether a link is on its way (false when one went out moments ago, or when
    there is nothing left to confirm).
    """
    if action.supporter is None or action.status != Action.Status.PENDING:
        return False
    return _send_confirmation(action=action, base_url=base_url)


@transaction.atomic
def supporter_confirm(
    *,
    supporter: Supporter,
    action_ids: Collection[int] | None = None,
    link_token: str | None = None,
) -> int:
    """Mark the address confirmed and count the actions waiting for it.

    With `action_ids` (the actions the owner saw and kept on the confirmation page), only
    those count: the other waiting ones, taken by someone else with this address, are
    declined, and any consent given with them is withdrawn. Without, every waiting action
    counts. Returns how many actions this call counted.

    With `link_token`, the confirmation link is used up first: a link used already raises
    ConfirmationLinkError (spent) and changes nothing. Either way, nothing waits afterwards,
    so the link that was out is spent.
    """
    if link_token is not None:
        confirmation_link_spend(token=link_token)
    else:
        confirmation_link_retire(supporter_id=supporter.pk)
    now = timezone.now()
    Supporter.objects.filter(pk=supporter.pk, confirmed_at__isnull=True).update(confirmed_at=now)
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
        Consent.objects.filter(action_id__in=declined, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
    return sum(action_count(action_id=pk) for pk in pending if pk in kept)
