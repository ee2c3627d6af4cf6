"""The case page's one form lists every way to act, each with its box and what it says
happens to what is written, then asks about the supporter once."""

from __future__ import annotations

import itertools
import re

from django.test import Client
from django.utils.html import escape

from tests.factories import act_url
from writeathon.campaigns.models import Case

WAYS = ["email", "fax", "letter", "tweet", "solidarity", "signature"]


def test_every_way_has_a_section_a_link_and_a_form(client: Client, case: Case) -> None:
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()

    # Each way has its part and its box, in the page's order.
    assert re.findall(r'<div class="way" id="act-(\w+)"', html) == WAYS
    assert re.findall(r'<input type="checkbox" name="ways" value="(\w+)"', html) == WAYS
    assert f'action="{act_url(case)}"' in html
    # One form, plus the language picker.
    assert html.count('name="csrfmiddlewaretoken"') == 2
    # The supporter's details are grouped under one legend.
    assert html.count("<legend>About you</legend>") == 1


def test_fax_and_letter_start_from_the_sample_letter(client: Client, case: Case) -> None:
    appeal = case.appeals.get(language="en")
    html = client.get(case.get_absolute_url()).content.decode()
    for channel in ("email", "fax", "letter"):
        assert f'name="{channel}-subject" value="{escape(appeal.letter_subject)}"' in html
        body = html.split(f'name="{channel}-body"')[1].split("</textarea>")[0]
        assert escape(appeal.letter_body) in body
    assert html.count(escape(appeal.letter_body)) == 3


def test_each_section_says_what_happens_to_what_is_written(client: Client, case: Case) -> None:
    target = case.targets.get()
    html = client.get(case.get_absolute_url()).content.decode()

    fax = html.split('id="act-fax"')[1].split('<div class="way"')[0]
    assert "the campaign faxes it" in fax
    assert f"<strong>{escape(target.name)}</strong>" in fax

    letter = html.split('id="act-letter"')[1].split('<div class="way"')[0]
    assert "the campaign prints it and posts it, with the others" in letter
    assert escape(target.postal_address.splitlines()[0]) in letter
    # Writing by hand is still offered.
    assert "Or write by hand" in letter

    solidarity = html.split('id="act-solidarity"')[1].split('<div class="way"')[0]
    assert "read by the campaign team before they are passed on" in solidarity
    assert "printed on cards" in solidarity
    assert 'name="solidarity-body"' in solidarity
    assert 'maxlength="1000"' in solidarity
    assert 'minlength="10"' in solidarity
    assert 'name="solidarity-subject"' not in html

    tweet = html.split('id="act-tweet"')[1].split('<div class="way"')[0]
    # A post is written elsewhere: nothing to type here, only the box once it is posted.
    assert re.findall(r'name="tweet-(\w+)"', tweet) == []
    assert "tick this way so that it counts" in tweet


def test_solidarity_guidance_is_the_message_help_text(client: Client, case: Case) -> None:
    appeal = case.appeals.get(language="en")
    assert appeal.solidarity_guidance
    html = client.get(case.get_absolute_url()).content.decode()
    assert (
        f'<p class="help" id="id_solidarity-body_helptext">{escape(appeal.solidarity_guidance)}</p>'
        in html
    )
    assert 'aria-describedby="id_solidarity-body_helptext"' in html


def test_guidance_in_another_language_is_marked_as_such(client: Client, case: Case) -> None:
    # Only the Spanish appeal is left: an English reader sees its guidance, marked Spanish.
    case.appeals.exclude(language="es").delete()
    appeal = case.appeals.get()
    html = client.get(case.get_absolute_url()).content.decode()
    assert f'<span lang="es" dir="auto">{escape(appeal.solidarity_guidance)}</span>' in html


def test_headings_go_down_one_level_at_a_time(client: Client, case: Case) -> None:
    html = client.get(case.get_absolute_url()).content.decode()
    main = html.split('<main id="main"')[1].split("</main>")[0]
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    # Styles live in the stylesheet, so a strict Content-Security-Policy can stay on.
    assert " style=" not in main
