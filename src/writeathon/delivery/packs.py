"""Print packs for write-a-thons: one PDF for a campaign in one language.

Per published case: a case sheet (photo, story, what we ask), the sample letter with the
official's postal address and a note on postage, and a solidarity card to write on; then a
sign-up sheet for attendees who want news, with the consent wording of the web forms.

A pack is built once per campaign, language and content version in the background
(`print_pack_build`, run by a task), with its progress recorded part by part, and kept as a
file: ten thousand hosts asking for it cost one render. An event's cover (its title, time,
place and host) is small: it is rendered on request and put in front of the kept pack
(`print_pack_with_cover`). Nothing here knows events: the caller passes a `PackCover`.

The content version is a digest of what the pack prints (the cases, their texts, photos
and officials, and the layout), so a staff edit makes a new pack, an edit elsewhere does
not, and a cache that forgets its keys cannot hand out an old pack.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import json
import logging
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pypdfium2 as pdfium
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.selectors import campaign_text, case_appeal
from writeathon.core.tasks import enqueue_with_transaction
from writeathon.delivery.models import PrintPack
from writeathon.delivery.pdf import (
    PDF_CACHE_VERSION,
    pack_line,
    pack_lines,
    pack_paragraphs,
    pack_part_html,
    pack_pdf,
)
from writeathon.supporters.consents import CONSENT_TEXT

logger = logging.getLogger(__name__)

# Part of every content version: bump when the pack's templates change what they print.
PACK_LAYOUT_VERSION = "1"
# Rows on the sign-up sheet: one A4 page.
SIGN_UP_ROWS = 14
# A photo is printed about 6 cm wide: more pixels only make the file heavier.
PHOTO_MAX_PIXELS = 900
# A build still "building" after this long had its worker killed under it: built again.
BUILD_ABANDONED_AFTER = timedelta(minutes=15)


def print_pack_languages() -> list[str]:
    """The languages a pack can be printed in: the site's."""
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class PackCover:
    """What an event's cover shows. `host_name` may be a full name: only the first name is
    printed. `starts_at` and `ends_at` are aware datetimes, shown in `time_zone`."""

    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    time_zone: str
    place: str
    online: bool
    host_name: str
    languages: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Official:
    name: str
    title: str
    office: str
    postal_address: str


@dataclass(frozen=True)
class _CaseContent:
    slug: str
    name: str
    photo: str  # a data: URI, or "" without a photo
    photo_alt: str
    summary: str
    story: str
    ask: str
    letter_subject: str
    letter_body: str
    solidarity_guidance: str
    officials: tuple[_Official, ...]


@dataclass(frozen=True)
class _PackContent:
    campaign_title: str
    cases: tuple[_CaseContent, ...]


def _photo_data_uri(case: Case) -> str:
    """The case's photo, made small and embedded (the PDF renderer fetches nothing)."""
    if not case.photo:
        return ""
    try:
        with case.photo.open("rb") as file, Image.open(file) as image:
            image.thumbnail((PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=85)
    except (OSError, UnidentifiedImageError, ValueError):
        logger.warning("The photo of case %s could not be read", case.pk, exc_info=True)
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _photo_fingerprint(case: Case) -> str:
    """What identifies the photo for the content version, without reading it."""
    if not case.photo:
        return ""
    return f"{case.photo.name}@{case.updated_at.isoformat()}"


def _published_cases(campaign: Campaign) -> list[Case]:
    return list(
        Case.objects.filter(campaign=campaign, status=Case.Status.PUBLISHED)
        .select_related("campaign")
        .prefetch_related("appeals", "targets")
        .order_by("position", "pk")
    )


def _officials(case: Case) -> tuple[_Official, ...]:
    targets = sorted(case.targets.all(), key=lambda target: (target.position, target.pk))
    return tuple(
        _Official(
            name=target.name,
            title=target.title,
            office=target.office,
            postal_address=target.postal_address,
        )
        for target in targets
    )


def _case_content(case: Case, language: str, *, photo: str) -> _CaseContent:
    appeal = case_appeal(case=case, language=language)
    return _CaseContent(
        slug=case.slug,
        name=case.name,
        photo=photo,
        photo_alt=case.photo_alt,
        summary=appeal.summary if appeal else "",
        story=appeal.story if appeal else "",
        ask=appeal.ask if appeal else "",
        letter_subject=appeal.letter_subject if appeal else "",
        letter_body=appeal.letter_body if appeal else "",
        solidarity_guidance=appeal.solidarity_guidance if appeal else "",
        officials=_officials(case),
    )


def _content(campaign: Campaign, language: str, *, with_photos: bool) -> _PackContent:
    text = campaign_text(campaign=campaign, language=language)
    return _PackContent(
        campaign_title=text.title if text else campaign.name,
        cases=tuple(
            _case_content(
                case,
                language,
                photo=_photo_data_uri(case) if with_photos else _photo_fingerprint(case),
            )
            for case in _published_cases(campaign)
        ),
    )


def print_pack_content_version(*, campaign: Campaign, language: str) -> str:
    """A digest of what the pack for `campaign` in `language` prints, and of its layout."""
    content = _content(campaign, language, with_photos=False)
    with translation.override(language):
        wording = [str(CONSENT_TEXT), _postage_note()]
    described = json.dumps(
        [PACK_LAYOUT_VERSION, PDF_CACHE_VERSION, campaign.pk, language, wording, repr(content)],
        ensure_ascii=False,
    )
    return hashlib.sha256(described.encode()).hexdigest()


# --- Requests and the build -------------------------------------------------------------------


def _language_checked(language: str) -> str:
    if language not in print_pack_languages():
        raise ValueError(f"No print pack in {language!r}")
    return language


def print_pack_request(*, campaign: Campaign, language: str) -> PrintPack:
    """The pack for `campaign` in `language` as its content is now, its build queued if it
    has none yet (or the last one failed). Many requests at once queue one build."""
    from writeathon.delivery.tasks import print_pack_build_task

    language = _language_checked(language)
    version = print_pack_content_version(campaign=campaign, language=language)
    with transaction.atomic():
        try:
            with transaction.atomic():
                pack, created = PrintPack.objects.get_or_create(
                    campaign=campaign, language=language, content_version=version
                )
        except IntegrityError:  # another request created it between our look and insert
            pack, created = (
                PrintPack.objects.get(
                    campaign=campaign, language=language, content_version=version
                ),
                False,
            )
        again = not created and (
            PrintPack.objects.filter(pk=pack.pk, status=PrintPack.Status.FAILED).update(
                status=PrintPack.Status.QUEUED, error="", parts_done=0
            )
            > 0
        )
        if created or again:
            logger.info(
                "Print pack %s (%s, %s) queued%s.",
                pack.pk,
                campaign.slug,
                language,
                " again" if again else "",
            )
            enqueue_with_transaction(print_pack_build_task, print_pack_id=pack.pk)
    pack.refresh_from_db()
    return pack


def _claim(pack_id: int) -> bool:
    """Take the build, once: a queued pack, or one whose builder died long ago."""
    now = timezone.now()
    queued = PrintPack.objects.filter(pk=pack_id, status=PrintPack.Status.QUEUED)
    abandoned = PrintPack.objects.filter(
        pk=pack_id,
        status=PrintPack.Status.BUILDING,
        started_at__lt=now - BUILD_ABANDONED_AFTER,
    )
    changes = {
        "status": PrintPack.Status.BUILDING,
        "started_at": now,
        "parts_done": 0,
        "parts_total": 0,
        "error": "",
    }
    return bool(queued.update(**changes) or abandoned.update(**changes))


def print_pack_build(*, print_pack_id: int) -> bool:
    """Build a queued pack, part by part, recording its progress; whether it was built.

    Each case's pages and the sign-up sheet are rendered as parts (through the PDF cache,
    so a case that did not change since another pack costs nothing), then joined.
    """
    if not _claim(print_pack_id):
        return False
    pack = PrintPack.objects.select_related("campaign").get(pk=print_pack_id)
    try:
        content = _content(pack.campaign, pack.language, with_photos=True)
        sections = [*content.cases, None]  # None: the sign-up sheet
        PrintPack.objects.filter(pk=pack.pk).update(parts_total=len(sections))
        pdfs: list[bytes] = []
        for done, case in enumerate(sections, start=1):
            if case is None:
                pdfs.append(_sign_up_pdf(content, pack.language))
            else:
                pdfs.append(_case_pdf(content, case, pack.language))
            PrintPack.objects.filter(pk=pack.pk).update(parts_done=done)
        body, pages = pdfs_join(pdfs)
    except Exception as exc:
        logger.exception("Print pack %s could not be built", pack.pk)
        PrintPack.objects.filter(pk=pack.pk, status=PrintPack.Status.BUILDING).update(
            status=PrintPack.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return False
    with transaction.atomic():
        pack = PrintPack.objects.select_for_update().get(pk=pack.pk)
        if pack.status != PrintPack.Status.BUILDING:
            return False
        if pack.file:
            pack.file.delete(save=False)
        name = f"print-pack-{pack.campaign.slug}-{pack.language}-{pack.pk}.pdf"
        pack.file.save(name, ContentFile(body), save=False)
        pack.status = PrintPack.Status.READY
        pack.page_count = pages
        pack.built_at = timezone.now()
        pack.save(update_fields=["file", "status", "page_count", "built_at"])
    logger.info("Print pack %s built: %s pages.", pack.pk, pages)
    _older_packs_forget(pack)
    return True


def _older_packs_forget(pack: PrintPack) -> None:
    """Once a pack is built, the packs of earlier content in its language go, files and
    all: nobody is offered them any more. One being built still finishes (and goes then)."""
    older = (
        PrintPack.objects.filter(
            campaign_id=pack.campaign_id,
            language=pack.language,
            requested_at__lte=pack.requested_at,
        )
        .exclude(pk=pack.pk)
        .exclude(status=PrintPack.Status.BUILDING)
    )
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()
        logger.info("Print pack %s replaced by %s.", old.pk, pack.pk)


def pdfs_join(pdfs: Sequence[bytes]) -> tuple[bytes, int]:
    """PDFs one after another in one file, and its number of pages."""
    joined = pdfium.PdfDocument.new()
    try:
        for data in pdfs:
            part = pdfium.PdfDocument(data)
            try:
                joined.import_pages(part)
            finally:
                part.close()
        buffer = io.BytesIO()
        joined.save(buffer)
        return buffer.getvalue(), len(joined)
    finally:
        joined.close()


def print_pack_with_cover(*, pack: PrintPack, cover: PackCover) -> bytes:
    """The built pack with an event's cover in front (rendered now, in the pack's
    language; the same cover twice comes from the PDF cache)."""
    if pack.status != PrintPack.Status.READY or not pack.file:
        raise ValueError("The print pack is not built yet")
    with pack.file.open("rb") as file:
        body = file.read()
    joined, _pages = pdfs_join([_cover_pdf(cover, pack.language), body])
    return joined


# --- The parts --------------------------------------------------------------------------------


def _postage_note() -> str:
    return _(
        "Postage: this letter goes abroad. Ask your post office for the price of an "
        "international letter, and copy the address exactly as it is printed here."
    )


def _case_pdf(content: _PackContent, case: _CaseContent, language: str) -> bytes:
    def line(text: str) -> object:
        return pack_line(text, language=language)

    with translation.override(language):
        officials = [
            {
                "lines": [
                    line(official.name),
                    line(official.title),
                    line(official.office),
                    *pack_lines(official.postal_address, language=language),
                ],
                "postal": bool(official.postal_address.strip()),
            }
            for official in case.officials
        ]
        first = case.officials[0] if case.officials else None
        context = {
            "campaign": line(content.campaign_title),
            "name": line(case.name),
            "photo": case.photo,
            "photo_alt": case.photo_alt or case.name,
            "summary": line(case.summary),
            "story": pack_paragraphs(case.story, language=language),
            "ask": pack_paragraphs(case.ask, language=language),
            "officials": officials,
            "postage": line(_postage_note()),
            "letter_to": [
                line(first.name if first else ""),
                line(first.title if first else ""),
                *pack_lines(first.postal_address if first else "", language=language),
            ],
            "letter_subject": line(case.letter_subject),
            "letter_body": pack_paragraphs(case.letter_body, language=language),
            "guidance": pack_paragraphs(case.solidarity_guidance, language=language),
        }
        parts: list[SafeString] = [
            pack_part_html("delivery/pdf/pack_case.html", context, language=language),
            pack_part_html("delivery/pdf/pack_letter.html", context, language=language),
            pack_part_html("delivery/pdf/pack_card.html", context, language=language),
        ]
    return pack_pdf(parts, language=language, title=case.name)


def _sign_up_pdf(content: _PackContent, language: str) -> bytes:
    with translation.override(language):
        context = {
            "campaign": pack_line(content.campaign_title, language=language),
            "consent": pack_line(str(CONSENT_TEXT), language=language),
            "rows": range(SIGN_UP_ROWS),
        }
        part = pack_part_html("delivery/pdf/pack_sign_up.html", context, language=language)
    return pack_pdf([part], language=language, title=content.campaign_title)


def _when(cover: PackCover, language: str) -> str:
    """The event's date and time where it happens, with the zone named."""
    try:
        zone = zoneinfo.ZoneInfo(cover.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    starts = cover.starts_at.astimezone(zone)
    text = formats.date_format(starts, "DATETIME_FORMAT")
    if cover.ends_at is not None:
        ends = cover.ends_at.astimezone(zone)
        same_day = ends.date() == starts.date()
        text += " \u2013 " + (
            formats.time_format(ends, "TIME_FORMAT")
            if same_day
            else formats.date_format(ends, "DATETIME_FORMAT")
        )
    return f"{text} ({zone.key})"


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _cover_pdf(cover: PackCover, language: str) -> bytes:
    with translation.override(language):
        first_name = (cover.host_name.split() or [""])[0]
        context = {
            "title": pack_line(cover.title, language=language),
            "when": pack_line(_when(cover, language), language=language),
            "place": pack_line(_("Online") if cover.online else cover.place, language=language),
            "host": pack_line(first_name, language=language),
            "languages": pack_line(
                ", ".join(_language_name(code) for code in cover.languages), language=language
            ),
        }
        part = pack_part_html("delivery/pdf/pack_cover.html", context, language=language)
    return pack_pdf([part], language=language, title=cover.title)
