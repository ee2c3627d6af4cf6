"""The one way in: every action, whatever its source, is recorded by action_record.

Each source's path is ordered here: record the action (writeathon.actions), screen its
message (writeathon.moderation), and once it is confirmed (and so counted) fill the
outbox (writeathon.delivery), all in the transaction that records or confirms it. An
address not yet confirmed gets the confirmation email (confirmation_email_enqueue), a row
in the outbox like every other email.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from writeathon.actions.counts import CountReportRefused, count_report_record
from writeathon.actions.models import Action, CountReport
from writeathon.actions.services import (
    action_confirm,
    action_record,
    supporter_actions_settle,
)
from writeathon.campaigns.models import Case
from writeathon.core.cache import cache_add
from writeathon.core.phone import phone_parse
from writeathon.core.sms_words import RESERVED_KEYWORDS
from writeathon.core.vocabulary import Channel, Source
from writeathon.delivery.inbound import (
    InboundOutcome,
    InboundResult,
    sms_command_handle,
    sms_inbound_seen,
    sms_keyword_answer,
    sms_keyword_case,
    sms_keyword_cases,
    sms_keyword_of,
    sms_keyword_supporter,
    sms_keyword_unknown,
    sms_language,
)
from writeathon.delivery.partner_events import partner_event_emit
from writeathon.delivery.personal import confirmation_email_create
from writeathon.delivery.services import deliveries_create_for_action
from writeathon.moderation.screening import Screening, screen_message
from writeathon.moderation.selectors import action_is_held
from writeathon.moderation.services import screening_record
from writeathon.partners.models import WebhookEvent
from writeathon.supporters.models import Consent, Supporter
from writeathon.supporters.services import (
    confirmation_link_retire,
    consent_record,
    email_canonical,
    supporter_confirmed_mark,
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


def _counted(action: Action) -> None:
    """What follows a confirmed (and counted) action: the outbox, held if screening held
    its message. In the transaction that confirmed it."""
    deliveries_create_for_action(action_id=action.pk, held=action_is_held(action_id=action.pk))
    partner_event_emit(
        event=WebhookEvent.ACTION_CONFIRMED,
        object_key=f"action:{action.public_id}",
        data={
            "action": str(action.public_id),
            "campaign": action.campaign.slug,
            "case": action.case.slug,
            "channel": action.channel,
            "source": action.source,
            "country": str(action.country),
            "confirmed_at": action.confirmed_at.isoformat() if action.confirmed_at else None,
        },
        section_id=action.supporter.section_id if action.supporter else None,
    )


def confirmation_email_enqueue(*, action: Action, base_url: str) -> bool:
    """Queue the confirmation email in the outbox, at most once per interval per supporter.

    One link confirms every action waiting for the address, so signing several cases in a
    row sends one email, not one per case. cache.add is atomic: of concurrent requests,
    one sends, and the outbox row's idempotency key makes one row of a double request.
    """
    key = f"confirm-sent:{action.supporter_id}"
    if not cache_add(key, 1, RESEND_INTERVAL_SECONDS):
        return False
    return confirmation_email_create(action=action, base_url=base_url)


@transaction.atomic
def action_count(*, action_id: int) -> bool:
    """Confirm one pending action and add it to the counters, exactly once.

    A second call (a double click, a retried task, a concurrent confirmation) is a no-op.
    Returns whether this call counted it.
    """
    if not action_confirm(action_id=action_id):
        return False
    _counted(Action.objects.get(pk=action_id))
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
    vouched_by_partner: bool = False,
) -> SubmitResult:
    """Record one action by one supporter, known by their email address, for one case on
    one channel (the web forms).

    The action counts at once only when the address is confirmed and `browser_owner_id`
    (the supporter whose owner cookie the submitting browser holds) is the address's
    supporter. Otherwise, new, unconfirmed or confirmed address alike, it waits, and the
    address gets a confirmation email (at most one per interval, whose link lists every
    waiting action): anyone can type anyone's address, and the result must not tell them
    what it has done. A repeat for the same case and channel is recognised and returned
    without counting it again; the owner's own repeat of an action a stranger left waiting
    in their name takes its place (action_record). `vouched_by_partner`: a partner whose
    token allows it (the API's actions:confirmed scope) confirmed the address itself, so the
    action counts at once. With `hide_email`, the official's
    email gives the campaign's address for replies instead of the writer's.

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
    if vouched_by_partner and not supporter.is_confirmed:
        # A partner with the scope for it confirmed the address itself (its own opt-in).
        supporter_confirmed_mark(supporter_id=supporter.pk)
        supporter.refresh_from_db()
    recorded = action_record(
        source=source,
        case=case,
        channel=channel,
        supporter=supporter,
        # The owner's action, from their own browser, is born confirmed and counted here.
        by_owner=supporter.is_confirmed
        and (browser_owner_id == supporter.pk or vouched_by_partner),
        country=country,
        language=language,
        signer_name=name,
        subject=subject,
        body=body,
        copy_to_supporter=copy_to_supporter,
        hide_email=hide_email,
    )
    action = recorded.action
    if not recorded.created:
        # A repeat, by anyone: it counts nothing; a waiting action's link may go again.
        sent = action.status == Action.Status.PENDING and confirmation_email_enqueue(
            action=action, base_url=base_url
        )
        return SubmitResult(action=action, created=False, counted=False, confirmation_sent=sent)
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
    if recorded.counted:
        _counted(action)
        if recorded.replaced and not waiting_too.exists():
            # The owner took what waited in their name: the link sent for it is spent.
            confirmation_link_retire(supporter_id=supporter.pk)
        return SubmitResult(action=action, created=True, counted=True, confirmation_sent=False)
    if not waiting_too.exclude(pk=action.pk).exists():
        # The first action to wait since the last link was used: it gets a new link.
        confirmation_link_retire(supporter_id=supporter.pk)
    sent = confirmation_email_enqueue(action=action, base_url=base_url)
    return SubmitResult(action=action, created=True, counted=False, confirmation_sent=sent)


@dataclass(frozen=True)
class WayChosen:
    """One way to act chosen on the one form, with what the supporter wrote for it."""

    channel: Channel
    subject: str = ""
    body: str = ""
    copy_to_supporter: bool = False
    hide_email: bool = False
    screening: Screening | None = None


@transaction.atomic
def actions_submit(
    *,
    case: Case,
    ways: Sequence[WayChosen],
    email: str,
    name: str,
    country: str,
    language: str,
    base_url: str,
    consent: ConsentGiven | None = None,
    source: Source = Source.ONLINE,
    browser_owner_id: int | None = None,
) -> list[SubmitResult]:
    """Record every way to act a supporter chose at once, in one transaction: all of them
    or, when one fails, none.

    Each is recorded as action_submit records one (the same rules for the owner, strangers
    and repeats). One confirmation email covers them all: its link lists every action
    waiting for the address, and the first call queues it. The consent, given once on the
    form, is kept with the first action this call creates, its form named after that
    action's way ("case" kept with an email is "case-email").
    """
    if not ways:
        raise ValueError("no way to act was chosen")
    results: list[SubmitResult] = []
    for way in ways:
        consent_kept = any(result.created for result in results)
        results.append(
            action_submit(
                case=case,
                channel=way.channel,
                email=email,
                name=name,
                country=country,
                language=language,
                base_url=base_url,
                subject=way.subject,
                body=way.body,
                consent=(
                    None
                    if consent_kept or consent is None
                    else replace(consent, form=f"{consent.form}-{way.channel.value}")
                ),
                source=source,
                copy_to_supporter=way.copy_to_supporter,
                hide_email=way.hide_email,
                screening=way.screening,
                browser_owner_id=browser_owner_id,
            )
        )
    return results


@transaction.atomic
def action_confirmation_resend(*, action: Action, base_url: str) -> bool:
    """Send the confirmation link for a waiting action again, at most once per interval.

    Returns whether a link is on its way (false when one went out moments ago, or when
    there is nothing left to confirm).
    """
    if action.supporter is None or action.status != Action.Status.PENDING:
        return False
    return confirmation_email_enqueue(action=action, base_url=base_url)


@transaction.atomic
def supporter_confirm(
    *,
    supporter: Supporter,
    action_ids: Collection[int] | None = None,
    link_token: str | None = None,
) -> int:
    """Mark the address confirmed and count the actions waiting for it (see
    supporter_actions_settle for which); returns how many actions this call counted.

    With `link_token`, a confirmation link used already raises ConfirmationLinkError and
    changes nothing.
    """
    kept = supporter_actions_settle(
        supporter=supporter, action_ids=action_ids, link_token=link_token
    )
    return sum(action_count(action_id=pk) for pk in kept)


@transaction.atomic
def sms_inbound_handle(*, message_id: str, sender: str, text: str) -> InboundResult:
    """Act on a text message from a supporter, at most once per gateway message id.

    A case keyword records a confirmed SMS action for the sender through action_record
    (once per supporter, case and channel, as every action), counts it, and queues a
    thank-you reply; HELP, STOP and START answer and switch the replies off or on. A
    number that texted STOP still counts, but hears nothing more. An unknown keyword
    changes nothing (outcome UNKNOWN_KEYWORD, with `error` saying why). `sender` must be
    a valid number (see sms_inbound_parse).
    """
    number = phone_parse(sender)
    if number is None:
        raise ValueError(f"not a valid phone number: {sender!r}")
    if sms_inbound_seen(message_id=message_id):
        return InboundResult(outcome=InboundOutcome.DUPLICATE)
    word = sms_keyword_of(text)
    cases = sms_keyword_cases()
    if word in RESERVED_KEYWORDS:
        return sms_command_handle(word, message_id=message_id, number=number, cases=cases)
    case = sms_keyword_case(word, cases)
    if case is None:
        return sms_keyword_unknown(word, cases)
    supporter = sms_keyword_supporter(number=number, case=case)
    recorded = action_record(
        source=Source.SMS,
        case=case,
        channel=Channel.SMS,
        supporter=supporter,
        by_owner=True,  # texting from the number proves it
        country=number.country,
        language=sms_language(case.campaign, number=number),
        # Nobody gives a name in a text message: the number stands for the writer.
        signer_name="",
    )
    if recorded.counted:
        _counted(recorded.action)
    return sms_keyword_answer(
        case=case,
        message_id=message_id,
        number=number,
        action=recorded.action,
        counted=recorded.counted,
    )


# The largest count one report may carry: a school's whole term of letters fits, a typo
# of three extra zeros does not.
COUNT_REPORT_LARGEST = 1_000_000
_BULK_SOURCES = (Source.EVENT, Source.IMPORT, Source.API)


class CountNotAccepted(ValueError):
    """A bulk count the campaign cannot take; the message is translated, for the reporter."""


def count_report_submit(
    *,
    reference: str,
    source: Source,
    case: Case,
    channel: Channel,
    count: int,
    day: date,
    country: str = "",
    section_id: int | None = None,
    held_reason: str = "",
    reported_by: str = "",
    changed_by: Any = None,
    actor: str = "",
    note: str = "",
) -> tuple[CountReport, int]:
    """Record (or correct) a count reported in bulk: an event's report-back, an imported
    tally row, a partner's tally. The one way in for counts that are not one supporter's
    action: the tallies move by exactly the difference, in this transaction.

    `held_reason` holds it out of the count until staff release it (a report beyond what
    is plausible). Raises CountNotAccepted, with a message for the reporter, for a count
    out of bounds or a case that takes no counts; nothing is stored then.
    """
    if source not in _BULK_SOURCES:
        raise CountNotAccepted(_("This source cannot report counts."))
    if not 0 <= count <= COUNT_REPORT_LARGEST:
        raise CountNotAccepted(
            _("A count must be between 0 and %(largest)s.")
            % {"largest": number_format(COUNT_REPORT_LARGEST, force_grouping=True)}
        )
    if case.status != Case.Status.PUBLISHED:
        raise CountNotAccepted(_("This case is not published."))
    try:
        return count_report_record(
            reference=reference,
            source=source,
            case=case,
            channel=channel,
            count=count,
            day=day,
            country=country,
            section_id=section_id,
            held_reason=held_reason,
            reported_by=reported_by,
            changed_by=changed_by,
            actor=actor,
            note=note,
        )
    except CountReportRefused as exc:
        raise CountNotAccepted(_("This report was withdrawn and cannot be changed.")) from exc
