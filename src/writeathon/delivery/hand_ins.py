"""Petitions handed in: a case's signatures for an official, as a PDF and a CSV, marked
handed in on a day, and every signer who agreed to updates told it was delivered.

Who is named on a petition
--------------------------
Every confirmed signature up to the hand-in's moment is counted. A signer is shown by name
only when what they agreed to covers it; otherwise the row says "Signed" and the country.
What is stored for each signature decides:

- The signature form says "Add your name to the appeal": a signature given on it (source
  "online") carries the name the signer typed there for that purpose, so it is shown.
- A signature from anywhere else (an import, the partner API, an event's sheet, a text
  message) was not given under that wording here, so only its country is shown.
- A signer who was erased (or whose name is empty: nobody gives one by text message) is
  "Signed", with the country if one is left (erasure empties it too).
- The consents stored with an action (supporters.Consent) are about email, not the
  petition: withdrawing them (or "stop all email") stops the emails, it does not remove
  the name the signer added to the appeal. The forms offer no "sign without my name" choice
  today; a form that adds one must store it with the action, and signer_is_named must
  read it.

Who is told
-----------
A signer on the hand-in whose address is known and who has an active consent to campaign
updates given with an action of this campaign ("Keep me informed by email about this
campaign and the people I wrote for"), who has not stopped all email and was not erased.
One email each, in their language, queued under one key per signer per hand-in, so a job
run twice, or a worker killed in the middle of a batch, tells no one twice; the email is
written when it goes (delivery/composed.py), with the unsubscribe link, and is called off
if the signer has withdrawn their consent, stopped all email or been erased by then.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from writeathon.actions.models import Action
from writeathon.campaigns.models import Appeal, Case, Target
from writeathon.core.csv_safe import csv_rows_write
from writeathon.core.staff import Viewer
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.core.vocabulary import Channel, Source
from writeathon.delivery.channels.base import NotNeeded
from writeathon.delivery.composed import Composed, messages_enqueue
from writeathon.delivery.models import Delivery, HandIn
from writeathon.delivery.pdf import Petition, PetitionSigner, django_language, petition_pdf
from writeathon.sections.access import Scope, staff_scope
from writeathon.supporters.links import unsubscribe_footer
from writeathon.supporters.models import Consent, Supporter

COMPOSER = "delivery.hand_in_delivered"
# Signers queued in the outbox per transaction when they are told.
NOTIFY_BATCH = 500

# Stored in the admin's history as written: a record, read as it was when it was made.
MESSAGE_HAND_IN_CREATED = "Hand-in made with %d signatures up to %s."
MESSAGE_HAND_IN_DONE = "Marked as handed in on %s."
MESSAGE_SIGNERS_TOLD = "%d signers told that the petition was handed in."


# --- Reads ----------------------------------------------------------------------------------


def _signatures(
    *, case_id: int, section_id: int | None, up_to: datetime.datetime
) -> QuerySet[Action]:
    signatures = Action.objects.filter(
        case_id=case_id,
        channel=Channel.SIGNATURE,
        status=Action.Status.CONFIRMED,
        confirmed_at__lte=up_to,
    )
    if section_id is not None:
        signatures = signatures.filter(supporter__section_id=section_id)
    return signatures


def hand_in_preview(*, case: Case, section_id: int | None, up_to: datetime.datetime) -> int:
    """How many signatures a hand-in made now would carry."""
    return _signatures(case_id=case.pk, section_id=section_id, up_to=up_to).count()


def hand_in_up_to(day: datetime.date | None) -> datetime.datetime:
    """The moment a hand-in "up to and including `day`" stops at: the end of that day in
    the site's time zone, or now if that is later than now (so that a hand-in never grows
    after it is made)."""
    now = timezone.now()
    if day is None:
        return now
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    return min(end, now)


def signer_is_named(action: Action) -> bool:
    """Whether a signature is shown with the signer's name (see the module's docstring)."""
    supporter = action.supporter
    return (
        action.source == Source.ONLINE
        and bool(action.signer_name.strip())
        and supporter is not None
        and not supporter.is_erased
    )


@dataclass(frozen=True)
class Signer:
    name: str  # "" when the signer is not named
    country: str  # ISO code, may be ""
    signed_at: datetime.datetime

    @property
    def named(self) -> bool:
        return bool(self.name)


def hand_in_signers(*, hand_in: HandIn) -> Iterator[Signer]:
    """The hand-in's signers in the order they signed, as they may be shown now."""
    signatures = (
        _signatures(
            case_id=hand_in.case_id, section_id=hand_in.section_id, up_to=hand_in.signed_up_to
        )
        .select_related("supporter")
        .order_by("confirmed_at", "pk")
    )
    for action in signatures.iterator(chunk_size=2000):
        yield Signer(
            name=" ".join(action.signer_name.split()) if signer_is_named(action) else "",
            country=str(action.country or ""),
            signed_at=action.confirmed_at or action.created_at,
        )


def hand_ins_visible(*, user: Viewer) -> QuerySet[HandIn]:
    """The hand-ins `user` may see: every one for international staff, their section's for
    a section's staff, none for anyone else."""
    hand_ins = HandIn.objects.select_related("case", "target", "section", "created_by")
    return _scoped(hand_ins, staff_scope(user))


def _scoped(hand_ins: QuerySet[HandIn], scope: Scope) -> QuerySet[HandIn]:
    if scope.all_sections:
        return hand_ins
    if scope.is_empty:
        return hand_ins.none()
    return hand_ins.filter(section_id__in=sorted(scope.section_ids))


def hand_in_get_for_staff(*, user: Viewer, hand_in_id: int) -> HandIn | None:
    return hand_ins_visible(user=user).filter(pk=hand_in_id).first()


def hand_in_section_of(*, user: Viewer) -> tuple[bool, int | None]:
    """(may make hand-ins, the section whose signers they hand in: None for all)."""
    scope = staff_scope(user)
    if scope.all_sections:
        return True, None
    if len(scope.section_ids) == 1:
        return True, next(iter(scope.section_ids))
    return False, None


# --- Writes ---------------------------------------------------------------------------------


@transaction.atomic
def hand_in_create(
    *,
    case: Case,
    target: Target,
    section_id: int | None,
    up_to: datetime.datetime,
    user_id: int,
) -> HandIn:
    """Make a hand-in of the case's signatures (of one section's signers, or of all) up to
    `up_to`, for `target`; logged in the admin's history as made by `user_id`."""
    if target.case_id != case.pk:
        raise ValueError("The official is not one of this case's")
    count = hand_in_preview(case=case, section_id=section_id, up_to=up_to)
    hand_in = HandIn.objects.create(
        campaign_id=case.campaign_id,
        case=case,
        target=target,
        section_id=section_id,
        count=count,
        signed_up_to=up_to,
        created_by_id=user_id,
    )
    LogEntry.objects.log_actions(
        user_id,
        HandIn.objects.filter(pk=hand_in.pk),
        ADDITION,
        MESSAGE_HAND_IN_CREATED % (count, up_to.isoformat()),
        single_object=True,
    )
    return hand_in


@transaction.atomic
def hand_in_mark_handed_in(*, hand_in_id: int, on: datetime.date, user_id: int) -> bool:
    """Record that the petition was handed to the official on `on`, and have every signer
    who agreed to updates told (hand_in_notify, in the background). False if it was marked
    already."""
    from writeathon.delivery.tasks import hand_in_notify_task

    updated = HandIn.objects.filter(pk=hand_in_id, handed_in_on__isnull=True).update(
        handed_in_on=on, handed_in_by_id=user_id
    )
    if not updated:
        return False
    LogEntry.objects.log_actions(
        user_id,
        HandIn.objects.filter(pk=hand_in_id),
        CHANGE,
        MESSAGE_HAND_IN_DONE % on.isoformat(),
        single_object=True,
    )
    enqueue_with_transaction(hand_in_notify_task, hand_in_id=hand_in_id)
    return True


def _to_tell(hand_in: HandIn) -> QuerySet[Action]:
    """The hand-in's signatures whose signer is to be told (see the module's docstring)."""
    consented = Consent.objects.filter(
        supporter_id=OuterRef("supporter_id"),
        purpose=Consent.Purpose.CAMPAIGN_UPDATES,
        withdrawn_at__isnull=True,
        action__campaign_id=hand_in.campaign_id,
    )
    return _signatures(
        case_id=hand_in.case_id, section_id=hand_in.section_id, up_to=hand_in.signed_up_to
    ).filter(
        Exists(consented),
        supporter__email__isnull=False,
        supporter__erased_at__isnull=True,
        supporter__email_stopped_at__isnull=True,
    )


def _key(hand_in_id: int, supporter_id: int) -> str:
    return f"hand-in:{hand_in_id}:supporter:{supporter_id}"


def hand_in_notify(*, hand_in_id: int, batch: int = NOTIFY_BATCH) -> int:
    """Queue the "your petition was handed in" email for every signer to tell, a batch per
    transaction; returns how many emails this call queued.

    Safe to run again, whole or after a kill mid-batch: each email's key (hand-in and
    signer) queues it once, and a batch either commits whole or not at all.
    """
    hand_in = HandIn.objects.filter(pk=hand_in_id, handed_in_on__isnull=False).first()
    if hand_in is None:
        return 0
    queued = 0
    after = 0
    while True:
        with transaction.atomic():
            rows = list(
                _to_tell(hand_in)
                .filter(pk__gt=after)
                .order_by("pk")
                .values_list("pk", "supporter_id", "supporter__email", "supporter__language")[
                    :batch
                ]
            )
            if not rows:
                break
            after = rows[-1][0]
            queued += messages_enqueue(
                composer=COMPOSER,
                messages=[
                    Composed(
                        key=_key(hand_in.pk, supporter_id),
                        recipient=email or "",
                        payload={"hand_in_id": hand_in.pk, "supporter_id": supporter_id},
                        language=language,
                    )
                    for _pk, supporter_id, email, language in rows
                ],
                campaign_id=hand_in.campaign_id,
                case_id=hand_in.case_id,
            )
    with transaction.atomic():
        told = HandIn.objects.filter(pk=hand_in.pk, signers_told_at__isnull=True).update(
            signers_told_at=timezone.now()
        )
        if told and hand_in.handed_in_by_id is not None:
            count = Delivery.objects.filter(
                idempotency_key__startswith=f"hand-in:{hand_in.pk}:supporter:"
            ).count()
            LogEntry.objects.log_actions(
                hand_in.handed_in_by_id,
                HandIn.objects.filter(pk=hand_in.pk),
                CHANGE,
                MESSAGE_SIGNERS_TOLD % count,
                single_object=True,
            )
    return queued


# --- The email, written when it goes ---------------------------------------------------------


def hand_in_delivered_message(delivery: Delivery) -> EmailMessage:
    """The composer of the "your petition was handed in" email (registered in apps.py)."""
    payload = delivery.payload
    hand_in = (
        HandIn.objects.select_related("case", "target")
        .filter(pk=payload.get("hand_in_id"), handed_in_on__isnull=False)
        .first()
    )
    supporter = Supporter.objects.filter(pk=payload.get("supporter_id")).first()
    if hand_in is None or supporter is None:
        raise NotNeeded("The hand-in or the signer is gone")
    still = _to_tell(hand_in).filter(supporter_id=supporter.pk)
    if not still.exists():
        raise NotNeeded("The signer withdrew their consent, stopped all email or was erased")
    language = str(payload.get("language") or supporter.language or settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "name": supporter.name,
            "case": hand_in.case,
            "target": hand_in.target,
            "count": hand_in.count,
            "handed_in_on": hand_in.handed_in_on,
        }
        subject = " ".join(render_to_string("emails/hand_in_subject.txt", context).split())
        body = render_to_string("emails/hand_in.txt", context)
    footer, headers = unsubscribe_footer(
        supporter=supporter, base_url=settings.SITE_URL, language=language
    )
    return EmailMessage(
        subject=subject,
        body=body + footer,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient],
        headers={"Message-ID": delivery.message_id, **headers},
    )


# --- The documents --------------------------------------------------------------------------


def _document_language(target: Target) -> str:
    """The official's language when the site speaks it, else the site's."""
    shipped = dict(settings.LANGUAGES)
    return target.language if target.language in shipped else settings.LANGUAGE_CODE


def _ask(case: Case, language: str) -> str:
    appeals = {a.language: a.ask for a in Appeal.objects.filter(case=case)}
    for choice in (language, case.campaign.default_language, settings.LANGUAGE_CODE):
        if appeals.get(choice):
            return appeals[choice]
    return next(iter(appeals.values()), "")


def _country_name(code: str, language: str) -> str:
    if not code or code not in countries:
        return ""
    with translation.override(django_language(language)):
        return str(countries.name(code))


def hand_in_pdf(*, hand_in: HandIn) -> bytes:
    """The petition for the official: a cover letter with the appeal's ask and the count,
    then every signer, in the official's language."""
    target = hand_in.target
    language = _document_language(target)
    signed_word = ""
    signers: list[PetitionSigner] = []
    with translation.override(language):
        signed_word = _("Signed")
        for signer in hand_in_signers(hand_in=hand_in):
            signers.append(
                PetitionSigner(
                    name=signer.name or signed_word,
                    country=_country_name(signer.country, language),
                )
            )
        up_to = formats.date_format(timezone.localdate(hand_in.signed_up_to), "DATE_FORMAT")
        petition = Petition(
            language=language,
            title=_("Petition for %(name)s") % {"name": hand_in.case.name},
            recipient_name=target.name,
            recipient_title=target.title,
            recipient_address=target.postal_address,
            ask=_ask(hand_in.case, language),
            count_line=ngettext(
                "%(count)s person signed this petition up to %(day)s.",
                "%(count)s people signed this petition up to %(day)s.",
                len(signers),
            )
            % {"count": formats.number_format(len(signers), force_grouping=True), "day": up_to},
            date=hand_in.handed_in_on or timezone.localdate(),
            signers=signers,
            heading_name=_("Name"),
            heading_country=_("Country"),
        )
    return petition_pdf(petition)


def hand_in_csv(*, hand_in: HandIn) -> str:
    """The signers as CSV, in the staff member's language; cells that a spreadsheet would
    run as formulas are neutralised (core/csv_safe.py)."""
    out = io.StringIO()
    writer = csv.writer(out)
    language = translation.get_language() or settings.LANGUAGE_CODE
    writer.writerow([_("Number"), _("Name"), _("Country code"), _("Country"), _("Signed on")])
    signed_word = _("Signed")
    csv_rows_write(
        writer,
        (
            (
                number,
                signer.name or signed_word,
                signer.country,
                _country_name(signer.country, language),
                timezone.localdate(signer.signed_at),
            )
            for number, signer in enumerate(hand_in_signers(hand_in=hand_in), start=1)
        ),
    )
    return out.getvalue()


def hand_in_case_get(*, case_id: int) -> Case | None:
    """A published case whose petition staff may hand in."""
    return (
        Case.objects.select_related("campaign")
        .filter(pk=case_id, status=Case.Status.PUBLISHED)
        .first()
    )


def hand_in_cases(*, user: Viewer) -> list[tuple[Case, int]]:
    """The cases of open campaigns with signatures `user` may hand in, with how many."""
    may, section_id = hand_in_section_of(user=user)
    if not may:
        return []
    signatures = Action.objects.filter(
        case_id=OuterRef("pk"), channel=Channel.SIGNATURE, status=Action.Status.CONFIRMED
    )
    if section_id is not None:
        signatures = signatures.filter(supporter__section_id=section_id)
    cases = (
        Case.objects.filter(Q(status=Case.Status.PUBLISHED))
        .filter(Exists(signatures))
        .select_related("campaign")
        .order_by("campaign__name", "position", "pk")
    )
    return [
        (case, hand_in_preview(case=case, section_id=section_id, up_to=timezone.now()))
        for case in cases
    ]
