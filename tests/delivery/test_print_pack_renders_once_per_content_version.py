"""A print pack is built once per campaign, language and content version: however many
hosts ask for it, one build is queued and one render made; a staff edit to a case makes a
new content version, and so a new pack, while the other language's pack stays as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from tests.delivery.packs import pack_text, plain
from writeathon.campaigns.models import Campaign, Case
from writeathon.campaigns.services import case_set_status
from writeathon.delivery.models import PrintPack
from writeathon.delivery.packs import print_pack_build, print_pack_request

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_files")]


@pytest.fixture
def _files(settings: Any, tmp_path: Path) -> None:
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"


def _built(pack: PrintPack) -> PrintPack:
    [task] = DBTaskResult.objects.filter(status="READY")
    assert task.args_kwargs["kwargs"] == {"print_pack_id": pack.pk}
    assert print_pack_build(print_pack_id=pack.pk)
    DBTaskResult.objects.filter(pk=task.pk).update(status="SUCCESSFUL")
    pack.refresh_from_db()
    assert pack.status == PrintPack.Status.READY
    return pack


@override_settings(TASKS=DB_TASKS)
def test_many_requests_queue_one_build_and_render_once(campaign: Campaign) -> None:
    first = print_pack_request(campaign=campaign, language="en")
    again = [print_pack_request(campaign=campaign, language="en") for _ in range(5)]
    assert {pack.pk for pack in again} == {first.pk}
    assert DBTaskResult.objects.count() == 1  # one build queued for six hosts
    assert first.status == PrintPack.Status.QUEUED

    built = _built(first)
    built_at, file_name = built.built_at, built.file.name

    # Asked again once it is built: the same file, nothing queued, nothing rendered.
    later = print_pack_request(campaign=campaign, language="en")
    assert (later.pk, later.built_at, later.file.name) == (first.pk, built_at, file_name)
    assert DBTaskResult.objects.count() == 1
    # A task run twice (a worker killed after the build) builds nothing again.
    assert not print_pack_build(print_pack_id=first.pk)
    assert PrintPack.objects.count() == 1


@override_settings(TASKS=DB_TASKS)
def test_a_staff_edit_to_a_case_makes_a_new_pack(campaign: Campaign) -> None:
    english = _built(print_pack_request(campaign=campaign, language="en"))
    spanish = _built(print_pack_request(campaign=campaign, language="es"))
    shawkan = Case.objects.get(campaign=campaign, slug="shawkan")
    appeal = shawkan.appeals.get(language="en")
    assert plain(appeal.ask) in pack_text(english)

    # Staff rewrite what we ask for Shawkan (in English), as the admin saves it.
    appeal.ask = "Drop every charge against Shawkan and let him work as a journalist again."
    appeal.save()
    renewed = print_pack_request(campaign=campaign, language="en")
    assert renewed.pk != english.pk
    assert renewed.content_version != english.content_version
    old_text = pack_text(english)
    renewed = _built(renewed)
    assert plain(appeal.ask) in pack_text(renewed)
    assert plain(appeal.ask) not in old_text
    # The pack of the earlier content is gone, its file too: nobody is offered it again.
    assert not PrintPack.objects.filter(pk=english.pk).exists()
    assert not english.file.storage.exists(english.file.name)
    # The Spanish pack prints no English text: it is still the one built.
    assert print_pack_request(campaign=campaign, language="es").pk == spanish.pk

    # Staff unpublish a case: the pack in every language is made again, without it.
    spanish_text = pack_text(spanish)
    assert case_set_status(case=shawkan, status=Case.Status.DRAFT)
    without = print_pack_request(campaign=campaign, language="es")
    assert without.pk != spanish.pk
    without = _built(without)
    assert without.parts_total == spanish.parts_total - 1
    assert plain(shawkan.appeals.get(language="es").ask) not in pack_text(without)
    assert plain(shawkan.appeals.get(language="es").ask) in spanish_text


def test_a_language_the_site_does_not_speak_is_refused(campaign: Campaign) -> None:
    with pytest.raises(ValueError, match="No print pack"):
        print_pack_request(campaign=campaign, language="xx")
    assert not PrintPack.objects.exists()
