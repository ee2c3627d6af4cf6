"""Updates to supporters: staff write to those who agreed to hear from the campaign, and an
outcome posted on a case tells everyone who acted on it.

An update goes through the outbox like every email (delivery/composed.py): a background job
(tasks.update_queue) puts one row per supporter in the outbox, batch by batch, each row keyed
`update:<update>:<supporter>`, so a job killed mid-batch and run again queues nobody twice.
The row holds no text and no link: the worker asks `update_message` to write the email when
it goes, in the supporter's language (else the update's fallback language), with the
unsubscribe link and the link to their own page signed then. Someone who erased their data,
stopped all email or withdrew their consent since is sent nothing (NotNeeded).

Only counts are kept of what happened to the emails (queued, delivered, failed): nothing
tells who opened what.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from writeathon.actions.models import Action
from writeathon.campaigns.models import Campaign, Case, Outcome
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.delivery.channels.base import NotNeeded
from writeathon.delivery.composed import Composed, composer_register
from writeathon.delivery.composed import messages_enqueue as messages_enqueue
from writeathon.delivery.models import Delivery
from writeathon.delivery.selectors import ComposedProgress, composed_progress
from writeathon.reporting.models import Update, UpdateText
from writeathon.sections.models import Section
from writeathon.supporters.links import own_page_url, unsubscribe_headers, unsubscribe_url
from writeathon.supporters.models import Consent, Supporter

COMPOSER = "reporting.update"
# Supporters queued in one transaction: small enough that a batch commits in well under a
# second, large enough that a million supporters take a few thousand statements.
UPDATE_BATCH_SIZE = 500


# --- Who hears -----------------------------------------------------------------------------------


def supporters_reachable() -> QuerySet[Supporter]:
    """Supporters an update may be sent to: a confirmed address, not erased, email not
    stopped, and a consent to campaign updates they have not withdrawn."""
    consent = Consent.objects.filter(
        supporter=OuterRef("pk"),
        purpose=Consent.Purpose.CAMPAIGN_UPDATES,
        withdrawn_at__isnull=True,
    )
    return Supporter.objects.filter(
        email__isnull=False,
        confirmed_at__isnull=False,
        erased_at__isnull=True,
        email_stopped_at__isnull=True,
    ).filter(Exists(consent))


def update_audience(*, update: Update) -> QuerySet[Supporter]:
    """The supporters `update` goes to, in id order: those who acted (a confirmed action) in
    its campaign or on its case, or a section's supporters; narrowed to its section when it
    has one (a section's staff write to their own section's supporters only)."""
    supporters = supporters_reachable()
    if update.audience == Update.Audience.CAMPAIGN:
        acted = Action.objects.filter(
            supporter=OuterRef("pk"), campaign_id=update.campaign_id, status=Action.Status.CONFIRMED
        )
        supporters = supporters.filter(Exists(acted))
    elif update.audience == Update.Audience.CASE:
        acted = Action.objects.filter(
            supporter=OuterRef("pk"), case_id=update.case_id or 0, status=Action.Status.CONFIRMED
        )
        supporters = supporters.filter(Exists(acted))
    if update.section_id is not None:
        supporters = supporters.filter(section_id=update.section_id)
    elif update.audience == Update.Audience.SECTION:
        return supporters.none()
    return supporters.order_by("pk")


def update_audience_count(*, update: Update) -> int:
    return update_audience(update=update).count()


def update_progress(*, update: Update) -> ComposedProgress:
    """How many of the update's emails are queued, delivered, failed or called off."""
    return composed_progress(key_prefix=update.key_prefix)


# --- What they read ------------------------------------------------------------------------------


def update_text(*, update: Update, language: str) -> UpdateText | None:
    """The text in `language`, else in the update's fallback language, else any."""
    texts = {text.language: text for text in update.texts.all()}
    for code in (language, language.split("-")[0], update.fallback_language):
        if code in texts:
            return texts[code]
    return next(iter(sorted(texts.items())), (None, None))[1]


@dataclass(frozen=True)
class RenderedUpdate:
    language: str
    subject: str
    text: str
    html: str


def update_render(
    *,
    update: Update,
    language: str,
    unsubscribe_link: str,
    own_page_link: str,
    base_url: str = "",
) -> RenderedUpdate | None:
    """The email as a supporter reading `language` gets it (staff's preview shows the same);
    links to the site start with `base_url` (else WRITEATHON_SITE_URL)."""
    text = update_text(update=update, language=language)
    if text is None:
        return None
    base_url = base_url or update.base_url or settings.SITE_URL
    context = {
        "text": text,
        "update": update,
        "case_url": (
            base_url.rstrip("/") + update.case.get_absolute_url()
            if update.case is not None and base_url
            else ""
        ),
        "unsubscribe_url": unsubscribe_link,
        "own_page_url": own_page_link,
    }
    with translation.override(text.language):
        body = render_to_string("emails/update.txt", context)
        html = render_to_string("emails/update.html", context)
    return RenderedUpdate(
        language=text.language,
        subject=" ".join(text.subject.split()),  # one line: no header injection
        text=body,
        html=html,
    )


def update_message(delivery: Delivery) -> EmailMessage:
    """The composer: write one supporter's email of an update now, or NotNeeded when they
    erased their data, stopped all email or withdrew their consent since it was queued."""
    payload = delivery.payload
    update = (
        Update.objects.select_related("case", "case__campaign")
        .prefetch_related("texts")
        .filter(pk=payload.get("update_id"))
        .first()
    )
    if update is None:
        raise NotNeeded("The update is gone")
    supporter = supporters_reachable().filter(pk=payload.get("supporter_id")).first()
    if supporter is None or not supporter.email:
        raise NotNeeded("The supporter no longer hears from the campaign")
    if supporter.email != delivery.recipient:
        # The address changed since: the row was for the old one.
        raise NotNeeded("The supporter's address changed")
    base_url = str(payload.get("base_url") or settings.SITE_URL)
    stop_link = unsubscribe_url(supporter=supporter, base_url=base_url)
    rendered = update_render(
        update=update,
        language=supporter.language or str(payload.get("language", "")),
        unsubscribe_link=stop_link,
        own_page_link=own_page_url(supporter=supporter, base_url=base_url),
        base_url=base_url,
    )
    if rendered is None:
        raise NotNeeded("The update has no text")
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[supporter.email],
        headers={"Message-ID": delivery.message_id, **unsubscribe_headers(stop_link)},
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


def update_composer_register() -> None:
    composer_register(COMPOSER, update_message)


# --- Writing and sending -------------------------------------------------------------------------


class UpdateError(Exception):
    """An update that cannot be changed or sent (it went already, or has no text)."""


@transaction.atomic
def update_save(
    *,
    user_id: int | None,
    update: Update | None = None,
    audience: str,
    campaign: Campaign,
    case: Case | None,
    section: Section | None,
    fallback_language: str,
    texts: Mapping[str, tuple[str, str]],
) -> Update:
    """Write a new update or change a draft: its audience and its (subject, body) per
    language; a language left empty has no text (its readers get the fallback)."""
    if update is not None:
        update = Update.objects.select_for_update().get(pk=update.pk)
        if update.status != Update.Status.DRAFT:
            raise UpdateError(gettext("This update is being sent: it can no longer change."))
    else:
        update = Update(created_by_id=user_id)
    update.audience = audience
    update.campaign = campaign
    update.case = case if audience == Update.Audience.CASE else None
    update.section = section
    update.fallback_language = fallback_language
    is_new = update.pk is None
    update.save()
    for language, (subject, body) in texts.items():
        if subject.strip() and body.strip():
            UpdateText.objects.update_or_create(
                update=update,
                language=language,
                defaults={"subject": subject.strip(), "body": body.strip()},
            )
        else:
            UpdateText.objects.filter(update=update, language=language).delete()
    if user_id is not None:
        LogEntry.objects.log_actions(
            user_id,
            Update.objects.filter(pk=update.pk),
            ADDITION if is_new else CHANGE,
            "Update written" if is_new else "Update changed",
        )
    return update


@transaction.atomic
def update_send(*, update: Update, user_id: int | None, base_url: str) -> Update:
    """Send an update: the background job queues its emails in batches. Asking again while
    it is being queued starts the job again (it queues only who is not queued yet); once
    every email is queued, asking again does nothing."""
    update = Update.objects.select_for_update().get(pk=update.pk)
    if update.status == Update.Status.QUEUED:
        return update
    if update.status == Update.Status.DRAFT:
        if not update.texts.exists():
            raise UpdateError(gettext("Write the update in at least one language first."))
        update.status = Update.Status.QUEUING
        update.send_requested_at = timezone.now()
        update.base_url = base_url
        update.save(update_fields=["status", "send_requested_at", "base_url"])
        message = "Update sent"
    else:
        message = "Update queuing started again"
    if user_id is not None:
        LogEntry.objects.log_actions(user_id, Update.objects.filter(pk=update.pk), CHANGE, message)
    _queue_later(update)
    return update


def _queue_later(update: Update) -> None:
    from writeathon.reporting.tasks import update_queue

    enqueue_with_transaction(update_queue, update_id=update.pk, base_url=update.base_url)


# An update still being queued this long after it was sent had its job die (a crash, a
# deployment): the periodic job starts it again.
UPDATE_QUEUING_STALLED_AFTER = timedelta(minutes=15)


def updates_resume(*, older_than: timedelta = UPDATE_QUEUING_STALLED_AFTER) -> int:
    """Queue the rest of every update whose queuing job stopped before it finished; returns
    how many updates it finished. A periodic job: safe beside a job still running, since
    each supporter's email has its own key."""
    stalled = list(
        Update.objects.filter(
            status=Update.Status.QUEUING, send_requested_at__lt=timezone.now() - older_than
        ).values_list("pk", "base_url")
    )
    for update_id, base_url in stalled:
        update_queue_batches(update_id=update_id, base_url=base_url)
    return len(stalled)


def update_queue_batches(*, update_id: int, base_url: str) -> int:
    """Queue the update's emails in the outbox, a batch per transaction; returns how many
    rows this run queued. Safe to run again after a crash at any point: each supporter's
    row has its own key, so only those not queued yet are added."""
    update = Update.objects.filter(pk=update_id).first()
    if update is None or update.status == Update.Status.DRAFT:
        return 0
    queued = 0
    after = 0
    while True:
        batch = list(
            update_audience(update=update)
            .filter(pk__gt=after)
            .values_list("pk", "email", "language")[:UPDATE_BATCH_SIZE]
        )
        if not batch:
            break
        with transaction.atomic():
            queued += messages_enqueue(
                composer=COMPOSER,
                campaign_id=update.campaign_id,
                case_id=update.case_id,
                messages=[
                    Composed(
                        key=f"{update.key_prefix}{pk}",
                        recipient=str(email),
                        language=language,
                        payload={
                            "update_id": update.pk,
                            "supporter_id": pk,
                            "base_url": base_url or update.base_url,
                        },
                    )
                    for pk, email, language in batch
                ],
            )
        after = batch[-1][0]
    with transaction.atomic():
        Update.objects.filter(pk=update.pk).update(
            status=Update.Status.QUEUED,
            queued_at=timezone.now(),
            recipients=update_progress(update=update).total,
        )
    return queued


# --- Outcomes ------------------------------------------------------------------------------------


def _outcome_subject(outcome: Outcome, language: str) -> str:
    with translation.override(language):
        return gettext("%(kind)s: news of %(name)s") % {
            "kind": str(outcome.get_kind_display()),
            "name": outcome.case.name,
        }


@transaction.atomic
def outcome_update_send(*, outcome: Outcome, user_id: int | None, base_url: str) -> Update | None:
    """Tell everyone who acted on the outcome's case (and agreed to updates) about it: one
    email each, in their language. Once per outcome: asking again returns the same update.
    None when the outcome is not published or has no text."""
    outcome = Outcome.objects.select_related("case", "case__campaign").get(pk=outcome.pk)
    if not outcome.is_published:
        return None
    existing = Update.objects.filter(outcome=outcome).first()
    if existing is not None:
        return update_send(update=existing, user_id=user_id, base_url=base_url)
    texts = {
        text.language: (_outcome_subject(outcome, text.language), text.text)
        for text in outcome.texts.all()
        if text.text.strip()
    }
    if not texts:
        return None
    campaign = outcome.case.campaign
    fallback = campaign.default_language if campaign.default_language in texts else min(texts)
    update = update_save(
        user_id=user_id,
        audience=Update.Audience.CASE,
        campaign=campaign,
        case=outcome.case,
        section=None,
        fallback_language=fallback,
        texts=texts,
    )
    Update.objects.filter(pk=update.pk).update(outcome=outcome)
    update.outcome = outcome
    return update_send(update=update, user_id=user_id, base_url=base_url)
