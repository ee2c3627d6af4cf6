"""A section runs the campaign under its own name: its page at /sections/<slug>/ (and at the
home of its own host name) shows its name, logo and colours, speaks its language, lists
its own cases beside the campaign's, and writes to officials at the section's addresses;
whatever its supporters do still counts in the global total."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from tests.delivery.outbox import confirmed_action
from writeathon.campaigns.models import Campaign, Case, SectionAddress
from writeathon.campaigns.selectors import content_changed
from writeathon.core.vocabulary import Channel
from writeathon.delivery.models import Delivery
from writeathon.reporting.selectors import counter_forget, counter_snapshot, section_total
from writeathon.sections.models import Section
from writeathon.sections.services import section_store
from writeathon.sections.views import _ink
from writeathon.supporters.services import supporter_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def peru(campaign: Campaign) -> Section:
    return Section.objects.get(country="PE")


def test_the_sections_page_shows_its_name_colours_and_language(peru: Section) -> None:
    page = Client().get("/sections/peru/")
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Content-Language"] == "es"  # the section's language for a new visitor
    assert '<html lang="es"' in html
    assert "Writeathon Peru" in html
    assert "En Perú escribimos juntos" in html
    assert 'href="/sections/peru/theme.css"' in html
    # A case opened from the section's page starts with the section's country.
    link = re.search(r'href="([^"]+\?country=PE)"', html)
    assert link is not None
    case_page = Client().get(link.group(1)).content.decode()
    assert re.search(r'<option value="PE" selected>', case_page)

    theme = Client().get("/sections/peru/theme.css")
    assert theme["Content-Type"].startswith("text/css")
    assert "--accent:#ffcc00" in theme.content.decode()
    assert "--accent-ink:#000000" in theme.content.decode()  # dark text on yellow

    english = Client().get("/sections/peru/", headers={"Accept-Language": "fr"})
    assert english["Content-Language"] == "es"
    chosen = Client()
    chosen.cookies["writeathon_language"] = "en"
    assert "In Peru we write together" in chosen.get("/sections/peru/").content.decode()


def test_the_arabic_sections_page_is_right_to_left(campaign: Campaign) -> None:
    html = Client().get("/sections/jordan/").content.decode()
    assert re.search(r'<html[^>]*lang="ar"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ar"', html)


def test_an_unknown_section_is_a_404(campaign: Campaign) -> None:
    assert Client().get("/sections/atlantis/").status_code == 404
    assert Client().get("/sections/atlantis/theme.css").status_code == 404


def test_a_sections_own_case_is_on_its_page_only(peru: Section, campaign: Campaign) -> None:
    own = Case.objects.filter(campaign=campaign).last()
    assert own is not None
    Case.objects.filter(pk=own.pk).update(section=peru)
    content_changed()
    assert own.name in Client().get("/sections/peru/").content.decode()
    assert own.name not in Client().get("/sections/jordan/").content.decode()
    assert own.name not in Client().get(campaign.get_absolute_url()).content.decode()
    assert Client().get(own.get_absolute_url()).status_code == 200  # still its own page


@override_settings(ALLOWED_HOSTS=["testserver", "escribe.example.pe"])
def test_a_sections_host_name_opens_on_its_page(peru: Section) -> None:
    peru.host_name = "escribe.example.pe"
    section_store(section=peru)
    page = Client().get("/", HTTP_HOST="escribe.example.pe")
    assert "Writeathon Peru" in page.content.decode()
    assert "Writeathon Peru" not in Client().get("/").content.decode()


def test_what_a_sections_supporters_do_counts_in_the_global_total(
    peru: Section, campaign: Campaign, case: Case
) -> None:
    counter_forget(campaign=campaign)
    before = counter_snapshot(campaign=campaign).total
    section_before = section_total(campaign=campaign, section_id=peru.pk)
    supporter_get_or_create(email="lima@example.net", name="Rosa", country="PE", language="es")
    action = confirmed_action(case, Channel.SIGNATURE, email="lima@example.net")
    assert action.supporter is not None and action.supporter.section == peru
    counter_forget(campaign=campaign)
    cache.clear()
    assert counter_snapshot(campaign=campaign).total == before + 1
    assert section_total(campaign=campaign, section_id=peru.pk) == section_before + 1
    page = Client().get("/sections/peru/").content.decode()
    assert re.search(rf"Simpatizantes de Peru: {section_before + 1} acci", page)


def test_letters_of_a_sections_supporters_go_to_its_address_for_the_official(
    peru: Section, case: Case
) -> None:
    target = case.targets.exclude(email="").first()
    assert target is not None
    SectionAddress.objects.create(
        section=peru, target=target, email="embassy@example.pe", postal_address="Av. Lima 1"
    )
    supporter_get_or_create(email="lima@example.net", name="Rosa", country="PE", language="es")
    confirmed_action(case, Channel.EMAIL, email="lima@example.net")
    confirmed_action(case, Channel.EMAIL, email="paris@example.net")
    recipients = set(
        Delivery.objects.filter(kind=Delivery.Kind.LETTER, target=target).values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {"embassy@example.pe", target.email}


@pytest.mark.parametrize(
    ("accent", "ink"), [("#ffff00", "#000000"), ("#1a1a8c", "#ffffff"), ("#000000", "#ffffff")]
)
def test_text_on_the_accent_colour_is_readable(accent: str, ink: str) -> None:
    assert _ink(accent) == ink
